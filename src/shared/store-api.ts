/** The store's call of the API contract (spread into apiContract in api.ts): what the database holds. */
import { z } from 'zod';
import { errorInfoSchema } from './common-schemas';
import { jobStateSchema, resumeHintSchema } from './job-schemas';

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
      state: jobStateSchema,
      done: z.number().int(),
      total: z.number().int(),
      /** Items (files, clips, rows) the job recorded as failed. */
      failed: z.number().int(),
      /** Label values edited in the app that an import kept instead of the CSV's (not failures: the user's data won). */
      conflictsKept: z.number().int(),
      /** Someone asked it to stop; a running job stops at its next item. */
      cancelRequested: z.boolean(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      /** For an interrupted or cancelled job: what continues it; null otherwise. */
      resume: resumeHintSchema.nullable(),
    }),
  ),
  recentErrors: z.array(errorInfoSchema.extend({ at: z.string(), jobId: z.number().int() })),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

export const storeContract = {
  'store.status': {
    input: z.object({ recentErrors: z.number().int().min(0).max(1000).default(20) }),
    output: storeStatusSchema,
  },
  /** Asks a running job to stop, wherever it runs (this server, a terminal, a worker machine's process). */
  'jobs.cancel': {
    input: z.object({ job: z.number().int().positive() }),
    output: z.object({ jobId: z.number().int(), requested: z.literal(true) }),
  },
} as const;
