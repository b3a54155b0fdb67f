/**
 * @file Sizes and training options of the fusion Perceiver, with two presets:
 *   - `compact` (default): trains on a 2-core CPU (about 0.9 M parameters with the default tokens);
 *   - `paper`: the authors' Hugging Face PerceiverModel defaults — 256 latents × 1280, 26 latent
 *     self-attention layers with 8 heads, cross-attention with 8 heads over channels as wide as the
 *     token (HF's cross_attention_shape_for_attention='kv'), attention dropout 0.1; about 283 M parameters
 *     with all four modalities (token 2080). Meant for GPU machines (tfjs-node-gpu).
 * Training defaults follow the paper: AdamW, lr 1e-5 halved every 10 epochs, batch 16, 50 epochs.
 */
import { z } from 'zod';

export const perceiverSizeSchema = z.object({
  latents: z.number().int().min(1),
  latentDim: z.number().int().min(1),
  selfAttentionLayers: z.number().int().min(0),
  selfAttentionHeads: z.number().int().min(1),
  crossAttentionHeads: z.number().int().min(1),
  /** Width of the cross-attention queries, keys and values: 'tokens' (as wide as the token, HF's default) or a number. */
  crossAttentionChannels: z.union([z.literal('tokens'), z.number().int().min(1)]),
  attentionDropout: z.number().min(0).max(0.9),
});
export type PerceiverSize = z.infer<typeof perceiverSizeSchema>;

export const PRESETS = {
  // Sized by the benchmark: ~35 MFLOP per clip, so that an epoch over 25k clips fits in 10 minutes on
  // 2 cores (wasm) and ONNX Runtime predicts about 1,000 clips/s.
  compact: {
    latents: 32,
    latentDim: 128,
    selfAttentionLayers: 3,
    selfAttentionHeads: 4,
    crossAttentionHeads: 1,
    crossAttentionChannels: 64,
    attentionDropout: 0,
  },
  paper: {
    latents: 256,
    latentDim: 1280,
    selfAttentionLayers: 26,
    selfAttentionHeads: 8,
    crossAttentionHeads: 8,
    crossAttentionChannels: 'tokens',
    attentionDropout: 0.1,
  },
} as const satisfies Record<string, PerceiverSize>;
export type PresetName = keyof typeof PRESETS;

export const trainOptionsSchema = z.object({
  epochs: z.number().int().min(1).default(50),
  batchSize: z.number().int().min(1).default(16),
  learningRate: z.number().positive().default(1e-5),
  /** The learning rate is halved every this many epochs (the paper) or batches (the authors' code stepped per batch). */
  lrHalvingEvery: z.number().int().min(1).default(10),
  lrHalvingUnit: z.enum(['epoch', 'batch']).default('epoch'),
  /** AdamW's decoupled weight decay (PyTorch's default). */
  weightDecay: z.number().min(0).default(0.01),
  seed: z.number().int().default(42),
  /** false: every frame attended, missing or not, as the authors' code (no attention mask); see feature-reader.ts. */
  attentionMask: z.boolean().default(true),
});
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

/** The cross-attention width for a token of `tokenDim` values. */
export function crossChannels(size: PerceiverSize, tokenDim: number): number {
  return size.crossAttentionChannels === 'tokens' ? tokenDim : size.crossAttentionChannels;
}
