/**
 * @file Attribution of a trained run's prediction to the modalities: for each modality m, the prediction
 * again with m's part of every frame's token set to zero (the value a failed FAU frame already holds;
 * the frame mask is left as it was), and the contribution of m to emotion e is
 *   prediction[e] − prediction_without_m[e],
 * both clipped to [0, 1] as predictions are stored, so it is the change the user would see. Computed
 * through the run's own ONNX session, one batch of clips per modality, beside the plain prediction.
 * The frame weights (the latents' cross-attention over the frames, mean over heads and latents) come
 * from the plain prediction itself.
 */
import * as ort from 'onnxruntime-node';
import type { ModelSession } from '../models/session';
import type { FeatureLayout } from './feature-reader';
import { ONNX_INPUTS, ONNX_OUTPUTS } from './onnx-export';

/** Intensities as predictions are stored: the challenge's range. */
export const clipIntensity = (value: number): number => Math.min(1, Math.max(0, value));

/** A copy of `tokens` ([clips, frames, tokenDim]) with modality `m`'s part of every token set to zero. */
export function withModalityMasked(tokens: Float32Array, layout: FeatureLayout, m: number): Float32Array {
  const offset = layout.dims.slice(0, m).reduce((a, b) => a + b, 0);
  const dim = layout.dims[m] ?? 0;
  const masked = tokens.slice();
  for (let start = offset; start < masked.length; start += layout.tokenDim) masked.fill(0, start, start + dim);
  return masked;
}

/**
 * Contributions [clips, modalities, 7] of each modality to each emotion, against `predicted` (the clipped
 * intensities [clips, 7] the same feeds gave). `feeds` are exactly what the prediction ran on, so an
 * option that changes them (the mask) changes the masked runs alike.
 */
export async function modalityContributions(session: ModelSession, feeds: Readonly<Record<string, ort.Tensor>>, layout: FeatureLayout, predicted: ArrayLike<number>): Promise<Float32Array> {
  const tokens = feeds[ONNX_INPUTS.tokens];
  if (!tokens) throw new Error(`attribution: the feeds have no ${ONNX_INPUTS.tokens} input`);
  const clips = tokens.dims[0] ?? 0;
  const modalities = layout.modalities.length;
  const contributions = new Float32Array(clips * modalities * 7);
  for (let m = 0; m < modalities; m += 1) {
    const masked = new ort.Tensor('float32', withModalityMasked(tokens.data as Float32Array, layout, m), tokens.dims);
    const { outputs } = await session.run({ ...feeds, [ONNX_INPUTS.tokens]: masked }, [ONNX_OUTPUTS.intensities]);
    const without = outputs[ONNX_OUTPUTS.intensities].data as Float32Array;
    for (let clip = 0; clip < clips; clip += 1) {
      for (let e = 0; e < 7; e += 1) {
        contributions[(clip * modalities + m) * 7 + e] = (predicted[clip * 7 + e] ?? 0) - clipIntensity(without[clip * 7 + e] ?? 0);
      }
    }
  }
  return contributions;
}
