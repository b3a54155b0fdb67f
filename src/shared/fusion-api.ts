/**
 * The fusion calls of the API contract (spread into apiContract in api.ts): train, predict, evaluate,
 * ablate, export predictions, list runs. Pearson values are null where undefined (a constant column), with
 * the reason; never NaN.
 */
import { z } from 'zod';
import { EMOTIONS, SPLITS } from './emotions';

const FUSION_MODALITIES = ['image', 'audio', 'text', 'fau'] as const;
const modalitiesSchema = z.array(z.enum(FUSION_MODALITIES)).min(1);

const trainSettingsSchema = z.object({
  preset: z.enum(['compact', 'paper']).default('compact'),
  epochs: z.number().int().min(1).optional(),
  batchSize: z.number().int().min(1).optional(),
  learningRate: z.number().positive().optional(),
  lrHalvingEvery: z.number().int().min(1).optional(),
  /** 'epoch' as the paper; 'batch' as the authors' code stepped its scheduler. */
  lrHalvingUnit: z.enum(['epoch', 'batch']).optional(),
  weightDecay: z.number().min(0).optional(),
  seed: z.number().int().optional(),
  /** TF.js backend; default the best available (tensorflow, then wasm, then cpu). */
  backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
});

const pearsonSchema = z.object({ value: z.number().nullable(), undefinedBecause: z.string().optional() });
export const scoresSchema = z.object({
  clips: z.number().int(),
  perEmotion: z.array(z.object({ emotion: z.enum(EMOTIONS), pearson: pearsonSchema, mse: z.number(), ccc: z.number().nullable() })),
  meanPearson: z.number().nullable(),
  pearsonDefined: z.number().int(),
  mse: z.number(),
  meanCcc: z.number().nullable(),
});
const intervalSchema = z.object({ low: z.number(), high: z.number(), resamples: z.number().int() });
const epochSchema = z.object({ epoch: z.number().int(), trainLoss: z.number(), valMeanPearson: z.number().nullable(), learningRate: z.number(), ms: z.number() });
const runIdSchema = z.number().int().positive().optional();
export const evaluationSchema = z.object({
  runId: z.number().int(),
  kind: z.enum(['perceiver', 'prior']),
  split: z.enum(SPLITS),
  scores: scoresSchema,
  interval: intervalSchema.nullable(),
  confusion: z.array(z.object({ emotion: z.enum(EMOTIONS), counts: z.array(z.array(z.number())), rowNormalised: z.array(z.array(z.number())) })),
});

export const fusionContract = {
  'fusion.train': {
    input: trainSettingsSchema.extend({
      modalities: modalitiesSchema.default([...FUSION_MODALITIES]),
      /** Continue this cancelled or failed run from its last checkpoint (its own settings are kept). */
      resume: runIdSchema,
    }),
    output: z.object({
      runId: z.number().int(),
      cancelled: z.boolean(),
      chosenEpoch: z.number().int(),
      history: z.array(epochSchema),
      val: scoresSchema.nullable(),
      test: scoresSchema.nullable(),
    }),
  },
  'fusion.predict': {
    /** `prior`: the untrained FAU prior instead of a trained run. */
    input: z.object({ run: runIdSchema, prior: z.boolean().default(false) }),
    output: z.object({ runId: z.number().int(), kind: z.enum(['perceiver', 'prior']), clips: z.number().int() }),
  },
  'fusion.evaluate': {
    input: z.object({ run: runIdSchema, split: z.enum(SPLITS).default('Val'), resamples: z.number().int().min(100).max(100_000).default(1000) }),
    output: evaluationSchema,
  },
  'fusion.ablate': {
    input: trainSettingsSchema.extend({ resamples: z.number().int().min(100).max(100_000).default(1000) }),
    output: z.object({
      rows: z.array(
        z.object({
          label: z.string(),
          modalities: z.array(z.enum(FUSION_MODALITIES)),
          runId: z.number().int().nullable(),
          val: z.number().nullable(),
          test: z.number().nullable(),
          valInterval: intervalSchema.nullable(),
          testInterval: intervalSchema.nullable(),
          paper: z.object({ val: z.number(), test: z.number() }),
        }),
      ),
    }),
  },
  'fusion.exportPredictions': {
    input: z.object({ run: runIdSchema, split: z.enum(SPLITS).optional() }),
    output: z.object({ runId: z.number().int(), csv: z.string(), rows: z.number().int() }),
  },
  'fusion.runs': {
    input: z.object({}),
    output: z.object({
      runs: z.array(
        z.object({
          id: z.number().int(),
          kind: z.enum(['perceiver', 'prior']),
          state: z.string(),
          modalities: z.array(z.string()),
          createdAt: z.string(),
          chosenEpoch: z.number().int().nullable(),
          valMeanPearson: z.number().nullable(),
          testMeanPearson: z.number().nullable(),
          onnxSha256: z.string().nullable(),
        }),
      ),
    }),
  },
} as const;
