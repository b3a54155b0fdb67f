import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS, type PerceiverSize } from './config';
import { exportPerceiverOnnx } from './onnx-export';
import { perceiverForward } from './perceiver';
import { disposeParams, initParams, parameterCount, readParams } from './perceiver-params';
import { initTfBackend } from './tf-backend';

const SMALL: PerceiverSize = { latents: 6, latentDim: 24, selfAttentionLayers: 2, selfAttentionHeads: 3, crossAttentionHeads: 2, crossAttentionChannels: 'tokens', attentionDropout: 0.1 };

beforeAll(async () => {
  await initTfBackend('wasm');
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i += 1) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

describe('ONNX export', () => {
  it('predicts what TF.js computes, attention maps included, to 1e-4', async () => {
    const shape = { size: SMALL, tokenDim: 20 };
    const params = initParams(shape, 11);
    // Trained-looking weights: scale the 0.02 init up so attention is far from uniform.
    for (const [name, v] of params) if (name.endsWith('.w') || name === 'latents' || name === 'dec.query') v.assign(tf.mul(v, 10));
    const [batch, frames] = [3, 7];
    const tokens = tf.randomNormal([batch, frames, 20], 0, 1, 'float32', 2) as tf.Tensor3D;
    const maskValues = Float32Array.from({ length: batch * frames }, (_, i) => (i % 4 === 1 ? 0 : 1));
    const mask = tf.tensor2d(maskValues, [batch, frames]);
    const reference = perceiverForward(params, shape, tokens, mask);
    const bytes = exportPerceiverOnnx(shape, readParams(params));
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({
      tokens: new ort.Tensor('float32', tokens.dataSync() as Float32Array, [batch, frames, 20]),
      mask: new ort.Tensor('float32', maskValues, [batch, frames]),
    });
    const diffs = {
      intensities: maxDiff(result.intensities?.data as Float32Array, reference.outputs.dataSync()),
      frames: maxDiff(result.frame_attention?.data as Float32Array, reference.frameAttention.dataSync()),
      latents: maxDiff(result.latent_attention?.data as Float32Array, reference.latentAttention.dataSync()),
    };
    console.log(`TF.js vs ONNX Runtime max |diff|: ${JSON.stringify(diffs)}`);
    expect(result.intensities?.dims).toEqual([batch, 7]);
    expect(diffs.intensities).toBeLessThanOrEqual(1e-4);
    expect(diffs.frames).toBeLessThanOrEqual(1e-4);
    expect(diffs.latents).toBeLessThanOrEqual(1e-4);
    // Masked frames get no attention; each clip's frame weights sum to 1.
    const frameWeights = result.frame_attention?.data as Float32Array;
    maskValues.forEach((m, i) => m === 0 && expect(frameWeights[i]).toBe(0));
    expect(frameWeights.slice(0, frames).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await session.release();
    disposeParams(params);
  });

  it('counts the paper preset at about 283 M parameters with all four modalities', () => {
    // 768 image + 512 audio + 768 text + 32 FAU = 2080, the authors' token.
    const count = parameterCount({ size: PRESETS.paper, tokenDim: 2080 });
    const linear = (i: number, o: number): number => i * o + o;
    const layer = (q: number, kv: number | null, c: number): number =>
      2 * q + (kv === null ? 0 : 2 * kv) + linear(q, c) + 2 * linear(kv ?? q, c) + linear(c, q) + 2 * q + 2 * linear(q, q);
    const expected = 256 * 1280 + layer(1280, 2080, 2080) + 26 * layer(1280, null, 1280) + 1280 + layer(1280, 1280, 1280) + linear(1280, 7);
    expect(count).toBe(expected);
    expect(count).toBe(283_380_647);
  });
});
