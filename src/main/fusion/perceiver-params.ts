/**
 * @file The Perceiver's parameters by name and shape, in a fixed order (the order of checkpoints and of
 * the ONNX initializers), their initialisation (HF's: weights N(0, 0.02) truncated, biases 0, layer-norm
 * gain 1), and the parameter count. Pure shapes: counting the `paper` preset allocates nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossChannels, type PerceiverSize } from './config';

export const EMOTION_OUTPUTS = 7;

export type ParamInit = 'normal' | 'zeros' | 'ones';
export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

/** The shapes a forward pass needs besides the parameters themselves. */
export interface PerceiverShape {
  size: PerceiverSize;
  tokenDim: number;
}

function linear(prefix: string, inDim: number, outDim: number): ParamSpec[] {
  return [
    { name: `${prefix}.w`, shape: [inDim, outDim], init: 'normal' },
    { name: `${prefix}.b`, shape: [outDim], init: 'zeros' },
  ];
}

function layerNorm(prefix: string, dim: number): ParamSpec[] {
  return [
    { name: `${prefix}.g`, shape: [dim], init: 'ones' },
    { name: `${prefix}.b`, shape: [dim], init: 'zeros' },
  ];
}

/**
 * One HF PerceiverLayer: layer norm of the query (and of the keys/values when kvDim is given: cross-attention),
 * q/k/v projections to `channels`, output projection back to qDim, then a layer-normed MLP (widening 1).
 */
function attentionLayer(prefix: string, qDim: number, kvDim: number | null, channels: number): ParamSpec[] {
  return [
    ...layerNorm(`${prefix}.ln_q`, qDim),
    ...(kvDim === null ? [] : layerNorm(`${prefix}.ln_kv`, kvDim)),
    ...linear(`${prefix}.q`, qDim, channels),
    ...linear(`${prefix}.k`, kvDim ?? qDim, channels),
    ...linear(`${prefix}.v`, kvDim ?? qDim, channels),
    ...linear(`${prefix}.o`, channels, qDim),
    ...layerNorm(`${prefix}.ln_mlp`, qDim),
    ...linear(`${prefix}.mlp1`, qDim, qDim),
    ...linear(`${prefix}.mlp2`, qDim, qDim),
  ];
}

export function parameterSpecs({ size, tokenDim }: PerceiverShape): ParamSpec[] {
  const d = size.latentDim;
  return [
    { name: 'latents', shape: [size.latents, d], init: 'normal' },
    ...attentionLayer('enc.cross', d, tokenDim, crossChannels(size, tokenDim)),
    ...Array.from({ length: size.selfAttentionLayers }, (_, i) => attentionLayer(`enc.self${i}`, d, null, d)).flat(),
    // HF's classification decoder: one trainable query of latentDim channels, 1 head, query residual.
    { name: 'dec.query', shape: [1, d], init: 'normal' },
    ...attentionLayer('dec.cross', d, d, d),
    ...linear('head', d, EMOTION_OUTPUTS),
  ];
}

export function parameterCount(shape: PerceiverShape): number {
  return parameterSpecs(shape).reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

export type Params = Map<string, tf.Variable>;

/** Fresh variables; the same seed gives the same values on every backend. */
export function initParams(shape: PerceiverShape, seed: number): Params {
  const params: Params = new Map();
  parameterSpecs(shape).forEach((spec, index) => {
    const value = tf.tidy(() => {
      if (spec.init === 'ones') return tf.ones(spec.shape);
      if (spec.init === 'zeros') return tf.zeros(spec.shape);
      return tf.truncatedNormal(spec.shape, 0, 0.02, 'float32', seed * 1000 + index);
    });
    params.set(spec.name, tf.variable(value, true));
    value.dispose();
  });
  return params;
}

/** Named values for checkpoints and ONNX export, read off the device. */
export function readParams(params: Params): Map<string, Float32Array> {
  return new Map([...params].map(([name, variable]) => [name, variable.dataSync() as Float32Array]));
}

/** Variables holding the given values (a checkpoint), checked against the expected shapes. */
export function paramsFromValues(shape: PerceiverShape, values: ReadonlyMap<string, Float32Array>): Params {
  const params: Params = new Map();
  for (const spec of parameterSpecs(shape)) {
    const data = values.get(spec.name);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (!data || data.length !== count) throw new Error(`checkpoint lacks ${spec.name} [${spec.shape.join(', ')}] (has ${data?.length ?? 0} values)`);
    params.set(spec.name, tf.variable(tf.tensor(data, spec.shape), true));
  }
  return params;
}

export function disposeParams(params: Params): void {
  for (const variable of params.values()) variable.dispose();
}
