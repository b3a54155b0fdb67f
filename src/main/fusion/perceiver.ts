/**
 * @file The forward pass of the authors' Perceiver (HF PerceiverModel + classification decoder) in TF.js:
 *   latents ──cross-attention──▶ the N frame tokens (missing frames masked out)
 *           ──L × latent self-attention──▶ decoder query ──cross-attention (1 head, query residual)──▶ latents
 *           ──linear──▶ 7 raw intensities.
 * Each attention layer is HF's PerceiverLayer: pre-layer-norm, scaled dot-product attention, output
 * projection, query residual, then a layer-normed GELU MLP with its own residual. onnx-export.ts builds
 * the same graph node by node; keep the two in step (the parity test checks them).
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossChannels } from './config';
import { matMul, matMulTransposeB } from './fast-matmul';
import type { Params, PerceiverShape } from './perceiver-params';

/** torch.nn.LayerNorm's default, which HF's Perceiver uses. */
export const LAYER_NORM_EPS = 1e-5;
/** Added to the scores of missing frames: exp() of it is exactly 0 in float32. */
export const MASKED_SCORE = -1e9;

export interface ForwardResult {
  /** [B, 7] raw outputs (trained against intensities in [0,1]; not clipped). */
  outputs: tf.Tensor2D;
  /** [B, N] the latents' attention over the frames, averaged over heads and latents (sums to 1). */
  frameAttention: tf.Tensor2D;
  /** [B, L] the decoder query's attention over the latents. */
  latentAttention: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Attention dropout is applied only when training; seeded so that a run repeats. */
  training?: { dropout: number; seed: number };
}

function param(params: Params, name: string): tf.Tensor {
  const value = params.get(name);
  if (!value) throw new Error(`Perceiver parameter ${name} is missing`);
  return value;
}

function linear(params: Params, prefix: string, x: tf.Tensor): tf.Tensor {
  const [batch, length, inDim] = x.shape as [number, number, number];
  const w = param(params, `${prefix}.w`);
  const y = matMul(tf.reshape(x, [batch * length, inDim]), w);
  return tf.reshape(tf.add(y, param(params, `${prefix}.b`)), [batch, length, w.shape[1] ?? 0]);
}

function layerNorm(params: Params, prefix: string, x: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPS)));
  return tf.add(tf.mul(normalised, param(params, `${prefix}.g`)), param(params, `${prefix}.b`));
}

/** Exact GELU (erf form), as torch's default and HF's "gelu". */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/** [B, L, H·c] → [B·H, L, c] */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [batch, length, channels] = x.shape as [number, number, number];
  const perHead = channels / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, length, heads, perHead]), [0, 2, 1, 3]), [batch * heads, length, perHead]);
}

function mergeHeads(x: tf.Tensor, batch: number, heads: number): tf.Tensor {
  const [, length, perHead] = x.shape as [number, number, number];
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, heads, length, perHead]), [0, 2, 1, 3]), [batch, length, heads * perHead]);
}

interface LayerResult {
  output: tf.Tensor;
  /** [B, H, Lq, Lk] attention probabilities. */
  probs: tf.Tensor;
}

/**
 * One PerceiverLayer. `kv` null: self-attention over the query. `mask` [B, Lk] (1 present, 0 missing).
 */
function attentionLayer(
  params: Params,
  prefix: string,
  query: tf.Tensor,
  kv: tf.Tensor | null,
  heads: number,
  mask: tf.Tensor | null,
  options: ForwardOptions,
  seedOffset: number,
): LayerResult {
  const batch = query.shape[0] ?? 1;
  const qNorm = layerNorm(params, `${prefix}.ln_q`, query);
  const kvNorm = kv === null ? qNorm : layerNorm(params, `${prefix}.ln_kv`, kv);
  const q = splitHeads(linear(params, `${prefix}.q`, qNorm), heads);
  const k = splitHeads(linear(params, `${prefix}.k`, kvNorm), heads);
  const v = splitHeads(linear(params, `${prefix}.v`, kvNorm), heads);
  const perHead = q.shape[2] ?? 1;
  let scores = tf.reshape(tf.mul(matMulTransposeB(q, k), 1 / Math.sqrt(perHead)), [batch, heads, q.shape[1] ?? 1, k.shape[1] ?? 1]);
  if (mask !== null) scores = tf.add(scores, tf.reshape(tf.mul(tf.sub(1, mask), MASKED_SCORE), [batch, 1, 1, -1]));
  const probs = tf.softmax(scores, -1);
  const training = options.training;
  const used = training && training.dropout > 0 ? tf.dropout(probs, training.dropout, undefined, training.seed + seedOffset) : probs;
  const context = mergeHeads(matMul(tf.reshape(used, [batch * heads, q.shape[1] ?? 1, k.shape[1] ?? 1]), v), batch, heads);
  const attended = tf.add(linear(params, `${prefix}.o`, context), query);
  const hidden = gelu(linear(params, `${prefix}.mlp1`, layerNorm(params, `${prefix}.ln_mlp`, attended)));
  return { output: tf.add(linear(params, `${prefix}.mlp2`, hidden), attended), probs };
}

/**
 * tokens [B, N, D] (the modalities concatenated per frame), mask [B, N] float 1 = present, 0 = missing.
 * Call inside tf.tidy or tf.variableGrads: intermediate tensors are not disposed here.
 */
export function perceiverForward(params: Params, shape: PerceiverShape, tokens: tf.Tensor3D, mask: tf.Tensor2D, options: ForwardOptions = {}): ForwardResult {
  const { size } = shape;
  const batch = tokens.shape[0];
  const latents = tf.tile(tf.expandDims(param(params, 'latents'), 0), [batch, 1, 1]);
  if (crossChannels(size, shape.tokenDim) % size.crossAttentionHeads !== 0) throw new Error('cross-attention channels must divide by its heads');
  const cross = attentionLayer(params, 'enc.cross', latents, tokens, size.crossAttentionHeads, mask, options, 0);
  let hidden = cross.output;
  for (let i = 0; i < size.selfAttentionLayers; i += 1) {
    hidden = attentionLayer(params, `enc.self${i}`, hidden, null, size.selfAttentionHeads, null, options, i + 1).output;
  }
  const query = tf.tile(tf.expandDims(param(params, 'dec.query'), 0), [batch, 1, 1]);
  const decoded = attentionLayer(params, 'dec.cross', query, hidden, 1, null, options, size.selfAttentionLayers + 1);
  const outputs = tf.reshape(linear(params, 'head', decoded.output), [batch, -1]) as tf.Tensor2D;
  return {
    outputs,
    frameAttention: tf.mean(cross.probs, [1, 2]) as tf.Tensor2D,
    latentAttention: tf.reshape(decoded.probs, [batch, -1]) as tf.Tensor2D,
  };
}
