/**
 * `labels.lint` (spread into apiContract in api.ts): gold labels that contradict the evidence, each flag
 * with its rule, its reason in words and the numbers behind it. The lint reads labels, features, frames and
 * predictions and writes nothing. Every threshold is a named default here (documented in README.md,
 * "Doubtful labels") that a caller may override one by one: the FAU intensities may be retuned, and a lab's
 * labels have their own scale.
 */
import { z } from 'zod';
import { runIdSchema, splitSchema } from './common-schemas';
import { EMOTIONS } from './emotions';

export const LINT_RULES = ['smile-missing', 'smile-unlabelled', 'no-face-no-speech', 'far-from-prediction', 'annotator-outlier', 'identical-rows'] as const;
export type LintRule = (typeof LINT_RULES)[number];

/** What each rule says, for help texts and the page. */
export const LINT_RULE_TEXT: Record<LintRule, string> = {
  'smile-missing': 'high Amusement or Adoration, but no frame smiles (AU12, AU06 and happiness low throughout)',
  'smile-unlabelled': 'a broad smile in several frames, but Amusement and Adoration labelled near 0',
  'no-face-no-speech': 'labels on a clip with no face in any frame and no speech',
  'far-from-prediction': "far from the run's prediction, relative to the run's residual spread on the clips linted",
  'annotator-outlier': 'one annotator far from the mean of the others on a clip',
  'identical-rows': 'the same seven gold values on many clips',
};

/**
 * The defaults. Intensities and probabilities are in [0, 1]; AU values are read from the stored FAU token
 * (20 AUs, then the 7 basic-emotion probabilities), whatever scale its producer gives them.
 */
export const DEFAULT_LINT_THRESHOLDS = {
  /** smile-missing: Amusement or Adoration at or above this is "high". */
  smileLabelMin: 0.6,
  /** smile-missing: a frame smiles when AU12 reaches this … */
  smileAu12Min: 0.3,
  /** … or AU06 reaches this … */
  smileAu06Min: 0.3,
  /** … or the emotion model's happiness reaches this. */
  smileHappinessMin: 0.5,
  /** smile-unlabelled: a frame smiles broadly when happiness reaches this and AU12 reaches smileAu12Min. */
  broadSmileHappinessMin: 0.8,
  /** smile-unlabelled: at least this many broadly smiling frames. */
  broadSmileFramesMin: 3,
  /** smile-unlabelled: Amusement and Adoration both at or below this are "near 0". */
  smileAbsentMax: 0.1,
  /** no-face-no-speech: a frame has speech when its speech probability reaches this (Silero gives music up to ~0.6) … */
  speechMin: 0.7,
  /** … and the clip has speech with at least this many such frames. */
  speechFramesMin: 2,
  /** no-face-no-speech: some emotion labelled at or above this (all-low labels on an empty clip are consistent). */
  labelPresentMin: 0.3,
  /** far-from-prediction: |residual − median residual| at least this many robust SDs (1.4826 × MAD) … */
  residualZ: 3.5,
  /** … and |gold − prediction| at least this. */
  residualMin: 0.3,
  /** far-from-prediction: fewer scored clips than this give no spread to judge by (the rule is skipped). */
  residualClipsMin: 10,
  /** annotator-outlier: |annotator − mean of the others| at least this on some emotion … */
  annotatorGap: 0.5,
  /** … with at least this many other annotators on the clip (with one other, who is the outlier?). */
  annotatorOthersMin: 2,
  /** identical-rows: the same seven values on at least this many clips. */
  identicalClipsMin: 10,
} as const;
export type LintThresholds = { -readonly [K in keyof typeof DEFAULT_LINT_THRESHOLDS]: number };
export const LINT_THRESHOLD_NAMES = Object.keys(DEFAULT_LINT_THRESHOLDS) as (keyof LintThresholds)[];

const thresholdOverridesSchema = z
  .object(Object.fromEntries(LINT_THRESHOLD_NAMES.map((name) => [name, z.number().min(0).max(1000).optional()])) as Record<keyof LintThresholds, z.ZodOptional<z.ZodNumber>>)
  .strict()
  .default({});

const lintFlagSchema = z.object({
  clipId: z.number().int(),
  fileId: z.string(),
  rule: z.enum(LINT_RULES),
  /** Whose labels: 'gold', or the annotator an annotator-outlier flag names. */
  annotator: z.string(),
  /** The emotion the flag is about, where it is about one. */
  emotion: z.enum(EMOTIONS).nullable(),
  /** The reason in words, with the numbers. */
  reason: z.string(),
  /** The evidence as numbers (max AU12, frames with a face, residual, …), by name. */
  evidence: z.record(z.string(), z.number()),
});
export type LintFlag = z.infer<typeof lintFlagSchema>;

const lintReportSchema = z.object({
  split: splitSchema.nullable(),
  /** The run far-from-prediction compared with, or null (none trained, or skipped). */
  runId: z.number().int().nullable(),
  /** Clips with gold labels that were checked. */
  clips: z.number().int(),
  thresholds: z.object(Object.fromEntries(LINT_THRESHOLD_NAMES.map((name) => [name, z.number()])) as Record<keyof LintThresholds, z.ZodNumber>),
  /** Per rule: how many flags, or why it could not run (no analysed clips, no trained run, …). */
  rules: z.array(z.object({ rule: z.enum(LINT_RULES), flagged: z.number().int(), checked: z.number().int(), skippedBecause: z.string().nullable() })),
  flags: z.array(lintFlagSchema),
});
export type LintReport = z.infer<typeof lintReportSchema>;

export const lintContract = {
  /**
   * Flags gold labels (and annotators' labels) that contradict the evidence; changes nothing. Refused with
   * fusion/split-missing when the split (or the store) has no gold-labelled clip.
   */
  'labels.lint': {
    input: z.object({
      split: splitSchema.optional(),
      /** The run whose predictions far-from-prediction compares with; default the latest trained run. */
      run: runIdSchema,
      thresholds: thresholdOverridesSchema,
    }),
    output: lintReportSchema,
  },
} as const;
