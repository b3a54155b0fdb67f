/**
 * The labels calls of the API contract (spread into apiContract in api.ts): one clip's labels with their
 * history, a versioned save, and the CSV export.
 */
import { z } from 'zod';
import { annotatorSchema, clipRefSchema, labelValuesSchema, splitSchema, userNameSchema } from './common-schemas';

/** One changed value in a clip's label history. */
const labelEditSchema = z.object({
  emotion: z.string(),
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  editedBy: z.string(),
  editedAt: z.string(),
  /**
   * 'import' (a labels CSV), 'import:overwrite' (a CSV applied with --overwrite), 'ui', 'cli',
   * 'accepted:<run>' (a run's prediction taken), 'restored:<version>', 'adopted:<annotator>'.
   */
  source: z.string(),
  /** The save (labels version) that made this edit; a save's edits share it. */
  version: z.number().int(),
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
  /** null while the clip has no labels of this annotator; an emotion not set yet is null. */
  values: labelValuesSchema.nullable(),
  /** 0 while the clip has no labels of this annotator; each save adds 1. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  history: z.array(labelEditSchema),
  /** Everyone with labels on this clip (gold first): whose values an analyst may adopt as gold. */
  annotators: z.array(z.string()),
});
export type ClipLabels = z.infer<typeof clipLabelsSchema>;

/** Names the version the editor loaded, as labels.save does: a restore or adoption is a save. */
const versionedChangeSchema = z.object({
  clip: clipRefSchema,
  expectedVersion: z.number().int().min(0),
  editedBy: userNameSchema.optional(),
});

export const labelsContract = {
  /** Saves the values a clip's labels had right after an earlier save (a new save, recorded as restored:<version>). */
  'labels.restore': {
    input: versionedChangeSchema.extend({ annotator: annotatorSchema.default('gold'), version: z.number().int().min(1) }),
    output: clipLabelsSchema,
  },
  /** Makes another annotator's values of a clip its gold labels (a new gold save, recorded as adopted:<annotator>). */
  'labels.adopt': {
    input: versionedChangeSchema.extend({ from: annotatorSchema }),
    output: clipLabelsSchema,
  },
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
      /** Each emotion's value, or null to leave it unset: setting one emotion does not set the others. */
      values: labelValuesSchema,
      expectedVersion: z.number().int().min(0),
      /** Recorded as the author of the edits; default the acting user of the host (--user, $VIPER_USER). */
      editedBy: userNameSchema.optional(),
      /** The values take this run's prediction (the review's accept keys): recorded with the source `accepted:<run>`. */
      acceptedFromRun: z.number().int().positive().optional(),
    }),
    output: clipLabelsSchema,
  },
} as const;
