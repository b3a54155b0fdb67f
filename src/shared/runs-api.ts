/**
 * The runs calls of the API contract (spread into apiContract in api.ts): name a fusion run, delete it with
 * its files, compare two runs. Listing runs is fusion.runs.
 */
import { z } from 'zod';
import { runKindSchema, splitSchema } from './common-schemas';
import { EMOTIONS } from './emotions';
import { pearsonSchema } from './fusion-api';
import { NO_CONTROL_CHARACTERS } from './person-name';
import { RUN_NAME_MAX_CHARS } from './run-name';

const runSchema = z.number().int().positive();

/** Empty means "the default name again"; the same rule as shared/run-name.ts' runNameProblem. */
const runNameSchema = z
  .string()
  .trim()
  .max(RUN_NAME_MAX_CHARS)
  .refine((name) => name === '' || NO_CONTROL_CHARACTERS.test(name), 'a run name may not contain control characters (tabs, line breaks, escapes)');

const runRefSchema = z.object({ id: z.number().int(), name: z.string(), kind: runKindSchema });

/** One emotion's scores of both runs on the same clips. */
const sideBySideSchema = z.object({
  emotion: z.enum(EMOTIONS),
  pearsonA: pearsonSchema,
  pearsonB: pearsonSchema,
  cccA: z.number().nullable(),
  cccB: z.number().nullable(),
});

const disagreementSchema = z.object({
  clipId: z.number().int(),
  fileId: z.string(),
  /** Mean over the 7 emotions of |a − b|: how far apart the runs are on this clip. */
  meanAbsDifference: z.number(),
  /** The emotion where they are furthest apart. */
  emotion: z.enum(EMOTIONS),
  /** EMOTIONS order. */
  a: z.array(z.number()),
  b: z.array(z.number()),
  /** null when the clip has no complete gold label. */
  gold: z.array(z.number()).nullable(),
});
export type RunDisagreement = z.infer<typeof disagreementSchema>;

export const runComparisonSchema = z.object({
  a: runRefSchema,
  b: runRefSchema,
  split: splitSchema,
  /** Clips of the split both runs predicted. */
  predictedByBoth: z.number().int(),
  /** Of those, the clips with complete gold labels: the n of every score below (both runs on the same clips). */
  n: z.number().int(),
  perEmotion: z.array(sideBySideSchema),
  meanPearsonA: z.number().nullable(),
  meanPearsonB: z.number().nullable(),
  meanCccA: z.number().nullable(),
  meanCccB: z.number().nullable(),
  /** The clips where the runs disagree most, largest difference first (labelled or not). */
  disagreements: z.array(disagreementSchema),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

export const runsContract = {
  /** Names a run; an empty name gives it back its default (modalities · preset · time). */
  'runs.rename': {
    input: z.object({ run: runSchema, name: runNameSchema }),
    output: z.object({ id: z.number().int(), name: z.string(), nameIsDefault: z.boolean() }),
  },
  /**
   * Deletes a run: its predictions (with their attention and uncertainty), its epochs, its checkpoints and
   * ONNX files. Never labels. Refused while a live process trains it.
   */
  'runs.delete': {
    input: z.object({ run: runSchema }),
    output: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: runKindSchema,
      predictions: z.number().int(),
      /** The run's folder, removed with its files; null when it had none. */
      folder: z.string().nullable(),
      files: z.number().int(),
      bytes: z.number().int(),
      /** Why the run's folder was left in place (it holds another database's run of the same id); null otherwise. */
      folderKept: z.string().nullable(),
    }),
  },
  /** Two runs on the same labelled clips of a split, emotion by emotion, and the clips they disagree on most. */
  'runs.compare': {
    input: z.object({ a: runSchema, b: runSchema, split: splitSchema.default('Val'), limit: z.number().int().min(1).max(200).default(10) }),
    output: runComparisonSchema,
  },
} as const;
