/**
 * The page's actions beyond the fusion calls themselves (spread into apiContract in api.ts): a training
 * run's live state and curves, "retrain from corrections", and exports written to a file or kept for the
 * browser to download. Training, prediction, evaluation and the ablation are fusion.* calls; each action is
 * recorded as a job (store.status lists it).
 */
import { z } from 'zod';
import { annotatorSchema, modalitiesSchema, pathSchema, runIdSchema, runKindSchema, splitSchema } from './common-schemas';
import { jobStateSchema, resumeHintSchema } from './job-schemas';

const epochSchema = z.object({ epoch: z.number().int(), trainLoss: z.number(), valMeanPearson: z.number().nullable(), learningRate: z.number(), ms: z.number() });

const trainingRunSchema = z.object({
  runId: z.number().int(),
  kind: runKindSchema,
  state: jobStateSchema,
  jobId: z.number().int().nullable(),
  /** A cancel was asked for; the run stops after the batch in flight. */
  cancelRequested: z.boolean(),
  modalities: z.array(z.string()),
  /** Epochs the run trains for (its recorded setting). */
  epochs: z.number().int().nullable(),
  /** Every finished epoch so far, in order: the curves. */
  history: z.array(epochSchema),
  /** The run whose weights this one continued from ("retrain from corrections"); null for a fresh run. */
  continuedFrom: z.number().int().nullable(),
  resume: resumeHintSchema.nullable(),
  createdAt: z.string(),
});
export type TrainingRun = z.infer<typeof trainingRunSchema>;

/** Where an export goes: a file (the desktop app's save dialog, a script), replaced only with `overwrite`; else kept for download. */
const exportTargetSchema = z.object({ destination: pathSchema.optional(), overwrite: z.boolean().default(false) });

/** What an export writes: labels CSV, a run's predictions CSV, or the features as a tar of .npy files. */
const exportInputSchema = z.discriminatedUnion('what', [
  exportTargetSchema.extend({ what: z.literal('labels'), annotator: annotatorSchema.default('gold'), split: splitSchema.optional(), includeUnlabelled: z.boolean().default(false) }),
  exportTargetSchema.extend({ what: z.literal('predictions'), run: runIdSchema, split: splitSchema.optional() }),
  exportTargetSchema.extend({ what: z.literal('features'), modalities: modalitiesSchema, split: splitSchema.optional() }),
]);
export type ExportInput = z.output<typeof exportInputSchema>;

export const actionsContract = {
  /**
   * A training run's state and per-epoch curves: the run asked for, else the one training now, else the
   * latest trained run; null when there is none. Cheap: the page asks every second while a run trains.
   */
  'training.status': {
    input: z.object({ run: runIdSchema }),
    output: z.object({
      run: trainingRunSchema.nullable(),
      /** A training running now (this run or another), which a second training would be refused for. */
      runningRunId: z.number().int().nullable(),
      /** The latest finished trained run, and how many clips' gold labels were corrected in the app since it started training. */
      corrections: z.object({ runId: z.number().int(), clips: z.number().int() }).nullable(),
    }),
  },
  /**
   * "Retrain from corrections": a new run that starts from a finished run's chosen weights and trains on the
   * gold labels as they are now (corrections included), with the run's own settings; the old run is kept.
   */
  'training.retrain': {
    input: z.object({ run: runIdSchema, epochs: z.number().int().min(1).max(10_000).optional() }),
    output: z.object({ runId: z.number().int(), jobId: z.number().int(), continuedFrom: z.number().int(), cancelled: z.boolean(), chosenEpoch: z.number().int() }),
  },
  /**
   * Writes an export as a recorded job. With `destination` (the desktop app's save dialog, a script) the
   * file is written there; an existing file is replaced only with `overwrite`. Without it the file is kept
   * in exports/ beside the database for GET /download/<downloadId> (the browser's download).
   */
  'exports.create': {
    input: exportInputSchema,
    output: z.object({
      jobId: z.number().int(),
      what: z.enum(['labels', 'predictions', 'features']),
      /** The name a download or save dialog offers. */
      fileName: z.string(),
      bytes: z.number().int(),
      /** Rows of a CSV, clips of a features export. */
      rows: z.number().int(),
      /** Where the file was written, when a destination was given. */
      savedTo: z.string().nullable(),
      /** The id GET /download/<id> serves, when no destination was given. */
      downloadId: z.number().int().nullable(),
      warnings: z.array(z.string()),
    }),
  },
} as const;
