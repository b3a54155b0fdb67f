/**
 * The fusion calls of the API contract (spread into apiContract in api.ts): train, predict, evaluate,
 * ablate, export predictions, list runs. Pearson values are null where undefined (a constant column), with
 * the reason; never NaN.
 */
import { z } from 'zod';
import { clipRefSchema, emotionVectorSchema, modalitiesSchema, modalitySchema, protocolSchema, resamplesSchema, runIdSchema, runKindSchema, splitSchema } from './common-schemas';
import { EMOTIONS } from './emotions';
import { jobStateSchema, resumeHintSchema } from './job-schemas';

const trainSettingsSchema = z.object({
  preset: z.enum(['compact', 'paper']).default('compact'),
  epochs: z.number().int().min(1).max(10_000).optional(),
  batchSize: z.number().int().min(1).max(4096).optional(),
  learningRate: z.number().positive().max(1).optional(),
  lrHalvingEvery: z.number().int().min(1).max(1_000_000).optional(),
  /** 'epoch' as the paper; 'batch' as the authors' code stepped its scheduler. */
  lrHalvingUnit: z.enum(['epoch', 'batch']).optional(),
  weightDecay: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  /** TF.js backend; default the best available (tensorflow, then wasm, then cpu). */
  backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  /** 'authors-code': the Perceiver without an attention mask, the learning rate stepped per batch unless lrHalvingUnit says otherwise. */
  protocol: protocolSchema.default('default'),
});

export const pearsonSchema = z.object({
  value: z.number().nullable(),
  /** Why value is null: which side had no variance, or too few pairs. */
  undefinedBecause: z.string().optional(),
});
export type PearsonResult = z.infer<typeof pearsonSchema>;

const emotionScoresSchema = z.object({ emotion: z.enum(EMOTIONS), pearson: pearsonSchema, mse: z.number(), ccc: z.number().nullable() });
export type EmotionScores = z.infer<typeof emotionScoresSchema>;

export const scoresSchema = z.object({
  clips: z.number().int(),
  perEmotion: z.array(emotionScoresSchema),
  /** Mean over the emotions whose Pearson is defined; null when none is. */
  meanPearson: z.number().nullable(),
  /** How many of the 7 Pearsons went into meanPearson. */
  pearsonDefined: z.number().int(),
  /** MSE over all clips and emotions (the training loss). */
  mse: z.number(),
  meanCcc: z.number().nullable(),
});
export type Scores = z.infer<typeof scoresSchema>;

const intervalSchema = z.object({
  low: z.number(),
  high: z.number(),
  /** Resamples in which the statistic was defined (a resample of constant columns is skipped). */
  resamples: z.number().int(),
});
export type Interval = z.infer<typeof intervalSchema>;

const confusionMatrixSchema = z.object({
  emotion: z.enum(EMOTIONS),
  /** counts[goldBin][predictedBin] */
  counts: z.array(z.array(z.number())),
  /** Each row divided by its sum (the paper's Figures 2–3); a row with no gold clips stays all zero. */
  rowNormalised: z.array(z.array(z.number())),
});
export type ConfusionMatrix = z.infer<typeof confusionMatrixSchema>;

const epochSchema = z.object({ epoch: z.number().int(), trainLoss: z.number(), valMeanPearson: z.number().nullable(), learningRate: z.number(), ms: z.number() });
export type EpochMetrics = z.infer<typeof epochSchema>;

export const evaluationSchema = z.object({
  runId: z.number().int(),
  kind: runKindSchema,
  split: splitSchema,
  scores: scoresSchema,
  interval: intervalSchema.nullable(),
  confusion: z.array(confusionMatrixSchema),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

const trainResultSchema = z.object({
  runId: z.number().int(),
  /** The job that trained the run (store.status lists it with its progress and errors); the same job on every resume. */
  jobId: z.number().int(),
  cancelled: z.boolean(),
  /** The epoch whose weights were kept (best Val mean Pearson). */
  chosenEpoch: z.number().int(),
  history: z.array(epochSchema),
  val: scoresSchema.nullable(),
  test: scoresSchema.nullable(),
});
export type TrainResult = z.infer<typeof trainResultSchema>;

/** One row of the paper's ablation table, trained here, beside the paper's own numbers. */
const ablationRowSchema = z.object({
  label: z.string(),
  modalities: z.array(modalitySchema),
  runId: z.number().int().nullable(),
  val: z.number().nullable(),
  test: z.number().nullable(),
  valInterval: intervalSchema.nullable(),
  testInterval: intervalSchema.nullable(),
  /** Dev / test mean Pearson reported in the paper. */
  paper: z.object({ val: z.number(), test: z.number() }),
});
export type AblationRowResult = z.infer<typeof ablationRowSchema>;

export const fusionContract = {
  'fusion.train': {
    input: trainSettingsSchema.extend({
      modalities: modalitiesSchema,
      /** Continue this cancelled, interrupted or failed run from its last checkpoint (its own settings are kept; epochs only when given). */
      resume: runIdSchema,
    }),
    output: trainResultSchema,
  },
  'fusion.predict': {
    /** `prior`: the untrained FAU prior instead of a trained run. */
    input: z.object({ run: runIdSchema, prior: z.boolean().default(false) }),
    output: z.object({
      runId: z.number().int(),
      kind: runKindSchema,
      clips: z.number().int(),
      /** File_IDs of the clips none of whose frames was present: predicted over all their stored frames without the mask, and flagged. */
      noFramePresent: z.array(z.string()),
      /** The prior's run was kept as it was: the FAU features it read are unchanged (always false for a trained run). */
      reused: z.boolean(),
    }),
  },
  'fusion.evaluate': {
    input: z.object({ run: runIdSchema, split: splitSchema.default('Val'), resamples: resamplesSchema }),
    output: evaluationSchema,
  },
  'fusion.ablate': {
    input: trainSettingsSchema.extend({ resamples: resamplesSchema }),
    output: z.object({ rows: z.array(ablationRowSchema) }),
  },
  'fusion.exportPredictions': {
    input: z.object({
      run: runIdSchema,
      split: splitSchema.optional(),
      /** Add each modality's contribution to each emotion and each frame's weight (trained runs only; attribution-api.ts). */
      withAttribution: z.boolean().default(false),
    }),
    output: z.object({
      runId: z.number().int(),
      csv: z.string(),
      rows: z.number().int(),
      /** File_IDs of the split's clips the run has no prediction for (left out of the CSV). */
      missing: z.array(z.string()),
      warnings: z.array(z.string()),
    }),
  },
  /**
   * One clip's prediction by a run, for the review screen: the run asked for, else the latest finished
   * trained run, else the latest prior; with every finished run that predicted this clip, for the chooser.
   */
  'fusion.clipPrediction': {
    input: z.object({ clip: clipRefSchema, run: runIdSchema }),
    output: z.object({
      runs: z.array(z.object({ id: z.number().int(), kind: runKindSchema, createdAt: z.string() })),
      runId: z.number().int().nullable(),
      kind: runKindSchema.nullable(),
      /** null when no finished run predicted this clip (not analysed, or nothing predicted yet). */
      values: emotionVectorSchema.nullable(),
      /** True when none of the clip's frames was present: predicted over all its frames as stored, without the mask (fusion/feature-reader.ts). */
      noFramePresent: z.boolean(),
    }),
  },
  'fusion.runs': {
    input: z.object({}),
    output: z.object({
      runs: z.array(
        z.object({
          id: z.number().int(),
          /** The user's name for the run, else the default from its modalities, preset and time (runs.rename). */
          name: z.string(),
          nameIsDefault: z.boolean(),
          kind: runKindSchema,
          state: jobStateSchema,
          /** The job that trains the run (its progress, errors and owner); null for the prior and runs from before jobs recorded training. */
          jobId: z.number().int().nullable(),
          modalities: z.array(z.string()),
          createdAt: z.string(),
          chosenEpoch: z.number().int().nullable(),
          valMeanPearson: z.number().nullable(),
          testMeanPearson: z.number().nullable(),
          onnxSha256: z.string().nullable(),
          /** For an interrupted or cancelled run: what continues it from its last checkpoint; null otherwise. */
          resume: resumeHintSchema.nullable(),
        }),
      ),
    }),
  },
} as const;
