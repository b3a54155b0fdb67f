/**
 * The clips calls of the API contract (spread into apiContract in api.ts): import, list, get, and the
 * feature pipeline's analysis of stored clips; with the clip, sample and analysis views they return.
 */
import { z } from 'zod';
import { labelConflictSchema } from './labels-api';
import { annotatorSchema, clipRefSchema, clipRefsSchema, errorInfoSchema, labelValuesSchema, INPUT_LIMITS, MODALITIES, modalitiesSchema, pathSchema, protocolSchema, splitSchema } from './common-schemas';

export const SAMPLING_METHODS = ['paper', 'authors-code'] as const;
/** Why a frame with the subject's face has no AUs (pipeline/fau/fau-mask.ts), and what each reason means. */
export const FAU_MASK_REASONS = ['turned-away', 'out-of-frame', 'degenerate-mesh'] as const;
export const FAU_MASK_MEANINGS: Record<(typeof FAU_MASK_REASONS)[number], string> = {
  'turned-away': 'the head is turned more than 40° (35° up or down): FaceMesh guesses the far side of the face',
  'out-of-frame': 'part of the face the AUs are measured on lies outside the picture',
  'degenerate-mesh': 'the landmarks hold NaN or infinite values, or the face collapses to a line or a point',
};
/** What AU intensities are measured from: the population neutral face (calibrated on confidently neutral frames) or the clip's own most-neutral frames. */
export const AU_REFERENCES = ['population', 'clip'] as const;

export const samplingOptionsSchema = z.object({
  /** N, the number of frames (and audio fragments) per clip. */
  frameCount: z.number().int().min(2).max(512).default(32),
  /** 'paper': evenly spaced in time, non-overlapping centred fragments; 'authors-code': their repo's variant. */
  method: z.enum(SAMPLING_METHODS).default('paper'),
});
export type SamplingOptions = z.infer<typeof samplingOptionsSchema>;

const frameAnalysisSchema = z.object({
  index: z.number().int(),
  /** The subject's face box in clip pixels, with FaceMesh's face probability; null when masked. */
  face: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() }).nullable(),
  pose: z.object({ yawDeg: z.number(), pitchDeg: z.number(), rollDeg: z.number() }).nullable(),
  caption: z.object({ templateId: z.string(), text: z.string(), score: z.number() }).nullable(),
  /** The three strongest action units of the frame. */
  topAus: z.array(z.object({ name: z.string(), value: z.number() })),
  /** Set where the frame has the subject's face but its AUs could not be measured (topAus is then empty). */
  fauMasked: z.enum(FAU_MASK_REASONS).nullable(),
  topEmotion: z.object({ name: z.string(), probability: z.number() }).nullable(),
  speechProb: z.number().nullable(),
});

export const clipAnalysisSchema = z.object({
  analysedAt: z.string(),
  modalities: z.array(z.enum(MODALITIES)),
  models: z.record(z.string(), z.string()),
  providers: z.record(z.string(), z.string()),
  facesFound: z.number().int(),
  /** The protocol the clip was analysed under ('default' for analyses from before protocols were recorded). */
  protocol: protocolSchema,
  frames: z.array(frameAnalysisSchema),
});
export type ClipAnalysisView = z.infer<typeof clipAnalysisSchema>;

export const analysisReportSchema = z.object({
  jobId: z.number().int(),
  analysed: z.array(z.object({ clipId: z.number().int(), fileId: z.string(), facesFound: z.number().int(), frames: z.number().int() })),
  skipped: z.number().int(),
  failed: z.array(errorInfoSchema),
  cancelled: z.boolean(),
  providers: z.record(z.string(), z.string()),
  msPerClip: z.number().nullable(),
  protocol: protocolSchema,
  /** A run through a queue (--queue): who analysed, and the results that were not stored and why. */
  queued: z
    .object({
      /** host:pid of each worker that returned a result. */
      workers: z.array(z.string()),
      /** Results for clips this run had stored already (a job handed out twice): ignored. */
      duplicates: z.number().int(),
      /** Results dropped because their clip was deleted or its file changed while queued, one line each. */
      dropped: z.array(z.string()),
    })
    .optional(),
});
export type AnalysisReport = z.infer<typeof analysisReportSchema>;

/**
 * What the last check of a clip's file found: 'moved-or-changed' when the file was gone, or its content was
 * not the imported one. Importing the file from where it is now relocates the clip (same content hash).
 */
export const FILE_STATES = ['ok', 'moved-or-changed'] as const;
export type FileState = (typeof FILE_STATES)[number];

export const clipSummarySchema = z.object({
  id: z.number().int(),
  fileId: z.string(),
  /** The real path of the clip's file (links resolved at import): the file served. */
  path: z.string(),
  /** The path given at import, when it was a link to `path`; null when the same. */
  importPath: z.string().nullable(),
  fileState: z.enum(FILE_STATES),
  split: splitSchema.nullable(),
  durationS: z.number(),
  fps: z.number(),
  frameCount: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  rotationDeg: z.number().int(),
  videoCodec: z.string(),
  audioCodec: z.string().nullable(),
  hasAudio: z.boolean(),
  audioSilent: z.boolean().nullable(),
  /** The file the clip's audio is decoded from when it is not the video's own track (a sibling .wav); null otherwise. */
  audioPath: z.string().nullable(),
  sampleCount: z.number().int(),
  samplingMethod: z.enum(SAMPLING_METHODS),
  importedAt: z.string(),
  /** Gold labels: null when none is set; an emotion not set yet is null. */
  labels: labelValuesSchema.nullable(),
  /** Whether the feature pipeline has analysed the clip. */
  analysed: z.boolean(),
  /**
   * Mean |prediction − gold| over the seven emotions, from the latest run that predicted anything; null
   * without a prediction or gold labels. The review queue sorts by it.
   */
  predictionError: z.number().nullable(),
  /**
   * How unsure that same run is of its prediction: the mean over the emotions of the spread of its last
   * epochs' checkpoints (fusion/uncertainty.ts); null for the prior, or without a prediction. Labelled or not.
   */
  predictionUncertainty: z.number().nullable(),
});
export type ClipSummary = z.infer<typeof clipSummarySchema>;

export const frameSampleSchema = z.object({
  index: z.number().int(),
  /** Where the sampling grid put this sample, seconds from the clip start. */
  targetTimeS: z.number(),
  /** The decoded frame nearest to the target: its index in presentation order and its time. */
  frameIndex: z.number().int(),
  frameTimeS: z.number(),
  /** The audio fragment of this sample, seconds; authors-code windows are then padded / cut to padToS. */
  audioStartS: z.number(),
  audioEndS: z.number(),
  audioPadToS: z.number().nullable(),
  /** RMS level of the fragment in dBFS; null when the clip has no audio; -Infinity is stored as null too. */
  audioRmsDb: z.number().nullable(),
});
export type FrameSample = z.infer<typeof frameSampleSchema>;

const importItemSchema = z.object({ path: z.string(), clipId: z.number().int() });

/**
 * When playback proxies (H.264 + AAC copies for the page) are made: for clips whose video the page cannot
 * decode (HEVC, ProRes, 10-bit H.264, …), for every clip, or never.
 */
export const PROXY_MODES = ['needed', 'all', 'none'] as const;
export const proxyModeSchema = z.enum(PROXY_MODES);
export type ProxyMode = z.infer<typeof proxyModeSchema>;

export const proxyReportSchema = z.object({
  /** The 'proxy' job that recorded the builds; null when there was nothing to build. */
  jobId: z.number().int().nullable(),
  made: z.array(z.object({ clipId: z.number().int(), fileId: z.string(), path: z.string(), buildS: z.number() })),
  /** Clips that already had a ready proxy of the same content. */
  alreadyReady: z.number().int(),
  /** Clips the page plays as they are (mode 'needed'). */
  notNeeded: z.number().int(),
  failed: z.array(errorInfoSchema),
  cancelled: z.boolean(),
});
export type ProxyReport = z.infer<typeof proxyReportSchema>;

/** How the page gets a clip's picture: the file served, and why. */
export const playbackSchema = z.object({
  /** What the media route serves: the proxy whenever a ready one exists, else the original. */
  source: z.enum(['original', 'proxy']),
  /** The stored video codec is one the page cannot decode. */
  needsProxy: z.boolean(),
  proxyState: z.enum(['none', 'ready', 'failed']),
  /** Why the last proxy build failed, with the fix; null unless it failed. */
  proxyError: z.string().nullable(),
});
export type Playback = z.infer<typeof playbackSchema>;

export const importReportSchema = z.object({
  jobId: z.number().int(),
  scanned: z.number().int(),
  imported: z.array(importItemSchema),
  resampled: z.array(importItemSchema),
  /** Stored clips whose file had moved or changed, found here with the same content: now served from here. */
  relocated: z.array(importItemSchema),
  unchanged: z.array(importItemSchema),
  failed: z.array(errorInfoSchema),
  labels: z
    .object({
      /** The labels files, merged by File_ID before any value was applied. */
      files: z.array(z.string()),
      /** Data rows read, over all files. */
      rows: z.number().int(),
      /** Rows that changed something (a split, a File_ID form, or a value). */
      applied: z.number().int(),
      unchanged: z.number().int(),
      /** Rows with at least one value kept because it was edited in the app since the last import. */
      conflicting: z.number().int(),
      conflicts: z.array(labelConflictSchema),
      failed: z.array(errorInfoSchema),
      /** Said once per file: columns kept as clip metadata, columns ignored. */
      warnings: z.array(z.string()),
    })
    .nullable(),
  /** The playback proxies made after importing (--proxy); null with 'none' or when cancelled. */
  proxies: proxyReportSchema.nullable(),
  cancelled: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const clipsContract = {
  'clips.import': {
    input: z
      .object({
        /** Files and folders (searched recursively) to import. May be empty when only labels are given. */
        paths: z.array(pathSchema).max(INPUT_LIMITS.paths).default([]),
        /**
         * Labels CSVs in the MuSe / Hume-Reaction layouts (labels, or a split-only partition file), merged
         * by File_ID and applied after the clips are stored.
         */
        labelsCsv: z
          .union([pathSchema.transform((path) => [path]), z.array(pathSchema).min(1).max(INPUT_LIMITS.labelsFiles)])
          .optional(),
        annotator: annotatorSchema.default('gold'),
        /**
         * Apply the CSV's values even over values edited in the app since the last import (recorded in the
         * history as 'import:overwrite'); without it those values are kept and reported as conflicts.
         */
        overwrite: z.boolean().default(false),
        sampling: samplingOptionsSchema.default({ frameCount: 32, method: 'paper' }),
        /** Which of the clips given get a playback proxy once imported. */
        proxy: proxyModeSchema.default('needed'),
      })
      .refine((input) => input.paths.length > 0 || input.labelsCsv !== undefined, {
        message: 'give at least one file or folder to import, or a labels CSV',
        path: ['paths'],
      }),
    output: importReportSchema,
  },
  'clips.list': {
    input: z.object({
      split: z.union([splitSchema, z.literal('none')]).optional(),
      search: z.string().max(INPUT_LIMITS.textChars).optional(),
      /** Only clips whose metadata (a labels file's extra columns, e.g. Country) holds every value given, case ignored. */
      metadata: z
        .array(z.object({ key: z.string().min(1).max(INPUT_LIMITS.nameChars), value: z.string().max(INPUT_LIMITS.textChars) }))
        .max(INPUT_LIMITS.metadataKeys)
        .optional(),
      /** The Library asks for all of them (INPUT_LIMITS.clips) and lists them virtually. */
      limit: z.number().int().min(1).max(INPUT_LIMITS.clips).default(1000),
      offset: z.number().int().min(0).max(INPUT_LIMITS.clips).default(0),
    }),
    output: z.object({ total: z.number().int(), clips: z.array(clipSummarySchema) }),
  },
  /** The clip's audio as peak levels per time bucket (computed once from the decoded audio, then kept). */
  'clips.waveform': {
    input: z.object({ clip: clipRefSchema }),
    output: z.object({
      /** Seconds per value of peaks, from the clip's start; null when the clip has no sound. */
      bucketS: z.number().nullable(),
      peaks: z.array(z.number()),
    }),
  },
  /** A small JPEG picture of each sampled frame (data: URLs, in sample order), made once and then kept. */
  'clips.thumbnails': {
    input: z.object({ clip: clipRefSchema }),
    output: z.object({ thumbnails: z.array(z.string()) }),
  },
  'clips.get': {
    input: z.object({ clip: clipRefSchema }),
    output: clipSummarySchema.extend({
      samples: z.array(frameSampleSchema),
      analysis: clipAnalysisSchema.nullable(),
      /** Why the clip's video cannot be played now (moved or deleted since import), with the fix; null when it can. */
      fileProblem: z.string().nullable(),
      /** A labels file's extra columns for this clip (Age, Country, …), by column name. */
      metadata: z.record(z.string(), z.string()),
      playback: playbackSchema,
    }),
  },
  'clips.makeProxy': {
    input: z.object({
      /** Clip ids or File_IDs; every stored clip when empty. */
      clips: clipRefsSchema,
      /** 'needed': only clips the page cannot decode; 'all': each clip named (the page found it shows no picture). */
      mode: z.enum(['needed', 'all']).default('needed'),
      /** Build again even where a ready proxy of the same content exists. */
      force: z.boolean().default(false),
    }),
    output: proxyReportSchema,
  },
  'clips.analyze': {
    input: z.object({
      /** Clip ids or File_IDs; every stored clip when empty. */
      clips: clipRefsSchema,
      modalities: modalitiesSchema,
      /** What AU intensities are measured from (README, "AU intensities"); a change re-analyses. */
      auReference: z.enum(AU_REFERENCES).default('population'),
      /** Analyse again even where the stored analysis came from the same models and options. */
      force: z.boolean().default(false),
      /** 'authors-code': faceless frames kept whole and embedded from the full frame, their FAU all zeros (clips sampled as the authors' code samples). */
      protocol: protocolSchema.default('default'),
      /** Clips analysed at once on this machine, each in its own thread; absent: one per core, at most 4. Not with a queue (each worker has --concurrency). */
      lanes: z.number().int().min(1).max(64).optional(),
      /**
       * redis://host:port of a lab's queue: the clips go to `viper worker` processes on any machine, and
       * their results are stored here as they arrive. Absent: analysed on this machine.
       */
      queue: z.string().min(1).max(2000).optional(),
      /** With a queue: how many times a clip is tried (by any worker) before it is recorded as failed. */
      attempts: z.number().int().min(1).max(20).default(3),
      /**
       * With a queue: host:port on which this machine serves the queued clips' media to workers that cannot
       * read their paths, with a token valid for this run's clips only. Absent: workers must read the paths.
       */
      mediaAddress: z.string().min(1).max(300).optional(),
    }),
    output: analysisReportSchema,
  },
} as const;
