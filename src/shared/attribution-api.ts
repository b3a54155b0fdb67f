/**
 * The attribution calls of the API contract (spread into apiContract in api.ts): what drove a trained
 * run's prediction of a clip — the weight of each sampled frame (the latents' cross-attention, mean over
 * heads and latents) and each modality's contribution to each emotion (the prediction minus the prediction
 * with that modality's part of the tokens zeroed) — and a run's mean contribution per emotion. The prior
 * is a fixed mapping, not a model over tokens: asking it for attribution is refused (fusion/no-attribution).
 */
import { z } from 'zod';
import { clipRefSchema, runIdSchema, splitSchema } from './common-schemas';

/** Seven numbers in EMOTIONS order. */
const perEmotionSchema = z.array(z.number()).length(7);

export const clipAttributionSchema = z.object({
  runId: z.number().int(),
  clipId: z.number().int(),
  /** The run's modalities, in token order. */
  modalities: z.array(z.string()),
  /** One weight per sampled frame of the clip (they sum to 1 over the present frames; a missing frame has 0). */
  frameWeights: z.array(z.number()),
  /** Per modality, the change of each emotion's (clipped) prediction when that modality is masked out. */
  contributions: z.array(z.object({ modality: z.string(), values: perEmotionSchema })),
});
export type ClipAttribution = z.infer<typeof clipAttributionSchema>;

export const attributionContract = {
  /**
   * A clip's attribution by a trained run: the run named, else the latest trained run that kept attribution
   * for this clip (null when none did).
   */
  'fusion.clipAttribution': {
    input: z.object({ clip: clipRefSchema, run: runIdSchema }),
    output: clipAttributionSchema.nullable(),
  },
  /** A run's mean contribution of each modality to each emotion over its predicted clips of a split (all clips without one). */
  'fusion.runAttribution': {
    input: z.object({ run: runIdSchema, split: splitSchema.optional() }),
    output: z.object({
      runId: z.number().int(),
      modalities: z.array(z.string()),
      /** Clips whose attribution went into the means. */
      clips: z.number().int(),
      /** Predicted clips of the split without attribution (predicted before it was kept): "viper predict --run" fills them in. */
      withoutAttribution: z.number().int(),
      perModality: z.array(z.object({ modality: z.string(), mean: perEmotionSchema, meanAbs: perEmotionSchema })),
    }),
  },
} as const;
