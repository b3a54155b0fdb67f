/**
 * The labels calls of the API contract (spread into apiContract in api.ts): one clip's labels with their
 * history, a versioned save, and the CSV export.
 */
import { z } from 'zod';
import { annotatorSchema, clipRefSchema, emotionIntensitiesSchema, emotionVectorSchema, splitSchema, userNameSchema } from './common-schemas';

/** One changed value in a clip's label history. */
const labelEditSchema = z.object({
  emotion: z.string(),
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  editedBy: z.string(),
  editedAt: z.string(),
  /** 'import' (a labels CSV), 'import:overwrite' (a CSV applied with --overwrite), 'ui', 'cli'. */
  source: z.string(),
});
export type LabelEdit = z.infer<typeof labelEditSchema>;

/**
 * A value of a labels CSV that was not applied because the value stored was edited in the app after the
 * CSV's values were last imported: the app's value is kept until the user asks for the CSV's
 * (`--overwrite`).
 */
export const labelConflictSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  clipId: z.number().int(),
  fileId: z.string(),
  emotion: z.string(),
  appValue: z.number().nullable(),
  appEditedBy: z.string(),
  appEditedAt: z.string(),
  /** Where the app's value came from: 'ui', 'cli', … */
  appSource: z.string(),
  csvValue: z.number(),
});
export type LabelConflict = z.infer<typeof labelConflictSchema>;

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

export const labelsContract = {
  'labels.export': {
    input: z.object({
      annotator: annotatorSchema.default('gold'),
      split: splitSchema.optional(),
      /** Also write clips that have a split but no intensities (e.g. the challenge's Test rows). */
      includeUnlabelled: z.boolean().default(false),
    }),
    output: z.object({ csv: z.string(), rows: z.number().int() }),
  },
  'labels.get': {
    input: z.object({ clip: clipRefSchema, annotator: annotatorSchema.default('gold') }),
    output: clipLabelsSchema,
  },
  /**
   * Saves a clip's seven values if nobody saved since `expectedVersion` (the version the editor loaded);
   * otherwise fails with labels/conflict, whose message shows the other save's values, author and time.
   */
  'labels.save': {
    input: z.object({
      clip: clipRefSchema,
      annotator: annotatorSchema.default('gold'),
      values: emotionIntensitiesSchema,
      expectedVersion: z.number().int().min(0),
      /** Recorded as the author of the edits; default the acting user of the host (--user, $VIPER_USER). */
      editedBy: userNameSchema.optional(),
      /** The values take this run's prediction (the review's accept keys): recorded with the source `accepted:<run>`. */
      acceptedFromRun: z.number().int().positive().optional(),
    }),
    output: clipLabelsSchema,
  },
} as const;
