/**
 * The Analysis screen's calls (spread into apiContract in api.ts): one run's evaluation with the clips
 * behind every point and confusion cell, and the agreement between annotators. Every number is computed
 * server-side by src/main/fusion/metrics.ts; the screen only draws them.
 */
import { z } from 'zod';
import { EMOTIONS, SPLITS } from './emotions';
import { evaluationSchema } from './fusion-api';

export const analysisContract = {
  /** fusion.evaluate plus each scored clip's gold and predicted intensities and the clip ids of each confusion cell. */
  'analysis.summary': {
    input: z.object({
      run: z.number().int().positive().optional(),
      split: z.enum(SPLITS).default('Val'),
      resamples: z.number().int().min(100).max(100_000).default(1000),
    }),
    output: z.object({
      evaluation: evaluationSchema,
      /** One point per scored clip; gold and predicted in EMOTIONS order. */
      points: z.array(z.object({ clipId: z.number().int(), fileId: z.string(), gold: z.array(z.number()), predicted: z.array(z.number()) })),
      /** Per emotion, cellClipIds[goldBin][predictedBin]: the clips counted in that cell of the confusion matrix. */
      cells: z.array(z.object({ emotion: z.enum(EMOTIONS), cellClipIds: z.array(z.array(z.array(z.number().int()))) })),
    }),
  },
  /**
   * Agreement between annotators on the clips every one of them labelled: per emotion ICC(2,1) (two-way
   * random, absolute agreement, single rater) over all of them, and Lin's CCC averaged over annotator pairs.
   */
  'annotators.agreement': {
    input: z.object({
      split: z.enum(SPLITS).optional(),
      /** The annotators to compare; default every annotator with complete labels. */
      annotators: z.array(z.string().min(1).max(64)).optional(),
    }),
    output: z.object({
      annotators: z.array(z.string()),
      /** Clips labelled by every annotator compared (the rows of the ICC). */
      clips: z.number().int(),
      perEmotion: z.array(z.object({ emotion: z.enum(EMOTIONS), icc: z.number().nullable(), meanPairCcc: z.number().nullable() })),
    }),
  },
} as const;
