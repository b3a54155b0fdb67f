/**
 * The Analysis screen's calls (spread into apiContract in api.ts): one run's evaluation with the clips
 * behind every point and confusion cell, and the agreement between annotators. Every number is computed
 * server-side by src/main/fusion/metrics.ts; the screen only draws them. ("Evaluation", not "analysis":
 * the analysis of a clip is the feature pipeline's, clips.analyze.)
 */
import { z } from 'zod';
import { annotatorSchema, INPUT_LIMITS, resamplesSchema, runIdSchema, splitSchema } from './common-schemas';
import { EMOTIONS } from './emotions';
import { evaluationSchema } from './fusion-api';

const runEvaluationSchema = z.object({
  evaluation: evaluationSchema,
  /** One point per scored clip; gold and predicted in EMOTIONS order. */
  points: z.array(z.object({ clipId: z.number().int(), fileId: z.string(), gold: z.array(z.number()), predicted: z.array(z.number()) })),
  /** Per emotion, cellClipIds[goldBin][predictedBin]: the clips counted in that cell of the confusion matrix. */
  cells: z.array(z.object({ emotion: z.enum(EMOTIONS), cellClipIds: z.array(z.array(z.array(z.number().int()))) })),
});
export type RunEvaluation = z.infer<typeof runEvaluationSchema>;

const agreementSchema = z.object({
  annotators: z.array(z.string()),
  /** Clips labelled by every annotator compared (the rows of the ICC). */
  clips: z.number().int(),
  perEmotion: z.array(z.object({ emotion: z.enum(EMOTIONS), icc: z.number().nullable(), meanPairCcc: z.number().nullable() })),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const evaluationContract = {
  /** fusion.evaluate plus each scored clip's gold and predicted intensities and the clip ids of each confusion cell. */
  'evaluation.summary': {
    input: z.object({ run: runIdSchema, split: splitSchema.default('Val'), resamples: resamplesSchema }),
    output: runEvaluationSchema,
  },
  /**
   * Agreement between annotators on the clips every one of them labelled: per emotion ICC(2,1) (two-way
   * random, absolute agreement, single rater) over all of them, and Lin's CCC averaged over annotator pairs.
   */
  'annotators.agreement': {
    input: z.object({
      split: splitSchema.optional(),
      /** The annotators to compare; default every annotator with complete labels. */
      annotators: z.array(annotatorSchema).max(INPUT_LIMITS.annotators).optional(),
    }),
    output: agreementSchema,
  },
} as const;
