/**
 * @file The trained Perceiver as an ONNX model (opset 17, built with models/onnx/onnx-graph.ts), node for
 * node the graph of perceiver.ts, so onnxruntime-node predicts what TF.js trained (the parity test holds
 * them to 1e-4). Inputs: tokens [batch, frames, D] float32, mask [batch, frames] float32 (1 present,
 * 0 missing). Outputs: intensities [batch, 7] (raw), frame_attention [batch, frames] (latents' attention
 * over the frames, mean over heads and latents), latent_attention [batch, latents] (the decoder query's).
 */
import { createHash } from 'node:crypto';
import { attr, buildModel, initializer, int64Initializer, node, valueInfo, type proto } from '../models/onnx/onnx-graph';
import { crossChannels } from './config';
import { LAYER_NORM_EPS, MASKED_SCORE } from './perceiver';
import { EMOTION_OUTPUTS, parameterSpecs, type PerceiverShape } from './perceiver-params';

export const ONNX_INPUTS = { tokens: 'tokens', mask: 'mask' } as const;
export const ONNX_OUTPUTS = { intensities: 'intensities', frameAttention: 'frame_attention', latentAttention: 'latent_attention' } as const;

class GraphWriter {
  readonly nodes: proto.INodeProto[] = [];
  readonly initializers: proto.ITensorProto[] = [];
  private counter = 0;

  name(hint: string): string {
    this.counter += 1;
    return `${hint}_${this.counter}`;
  }

  op(opType: string, inputs: readonly string[], attributes: Parameters<typeof node>[3] = {}, output?: string): string {
    const out = output ?? this.name(opType.toLowerCase());
    this.nodes.push(node(opType, inputs, [out], attributes));
    return out;
  }

  constant(hint: string, values: readonly number[], dims?: number[]): string {
    const name = this.name(hint);
    this.initializers.push(initializer(name, Float32Array.from(values), dims ?? [values.length]));
    return name;
  }

  ints(hint: string, values: readonly number[]): string {
    const name = this.name(hint);
    this.initializers.push(int64Initializer(name, values));
    return name;
  }
}

function linear(g: GraphWriter, prefix: string, x: string): string {
  return g.op('Add', [g.op('MatMul', [x, `${prefix}.w`]), `${prefix}.b`]);
}

function layerNorm(g: GraphWriter, prefix: string, x: string): string {
  return g.op('LayerNormalization', [x, `${prefix}.g`, `${prefix}.b`], { axis: attr.int(-1), epsilon: attr.float(LAYER_NORM_EPS) });
}

function gelu(g: GraphWriter, x: string): string {
  const erf = g.op('Erf', [g.op('Mul', [x, g.constant('rsqrt2', [Math.SQRT1_2], [])])]);
  return g.op('Mul', [g.op('Mul', [x, g.constant('half', [0.5], [])]), g.op('Add', [erf, g.constant('one', [1], [])])]);
}

/** [B, L, H·c] → [B, H, L, c] (or [B, H, c, L] for keys). */
function splitHeads(g: GraphWriter, x: string, heads: number, channels: number, keys: boolean): string {
  const reshaped = g.op('Reshape', [x, g.ints('heads_shape', [0, 0, heads, channels / heads])]);
  return g.op('Transpose', [reshaped], { perm: attr.ints(keys ? [0, 2, 3, 1] : [0, 2, 1, 3]) });
}

/** One PerceiverLayer, as perceiver.ts's attentionLayer; returns the output and the probabilities [B, H, Lq, Lk]. */
function attentionLayer(g: GraphWriter, prefix: string, query: string, kv: string | null, heads: number, channels: number, maskBias: string | null): { output: string; probs: string } {
  const qNorm = layerNorm(g, `${prefix}.ln_q`, query);
  const kvNorm = kv === null ? qNorm : layerNorm(g, `${prefix}.ln_kv`, kv);
  const q = splitHeads(g, linear(g, `${prefix}.q`, qNorm), heads, channels, false);
  const kT = splitHeads(g, linear(g, `${prefix}.k`, kvNorm), heads, channels, true);
  const v = splitHeads(g, linear(g, `${prefix}.v`, kvNorm), heads, channels, false);
  let scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.constant('scale', [1 / Math.sqrt(channels / heads)], [])]);
  if (maskBias !== null) scores = g.op('Add', [scores, maskBias]);
  const probs = g.op('Softmax', [scores], { axis: attr.int(-1) });
  const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: attr.ints([0, 2, 1, 3]) }), g.ints('merge_shape', [0, 0, channels])]);
  const attended = g.op('Add', [linear(g, `${prefix}.o`, context), query]);
  const hidden = gelu(g, linear(g, `${prefix}.mlp1`, layerNorm(g, `${prefix}.ln_mlp`, attended)));
  return { output: g.op('Add', [linear(g, `${prefix}.mlp2`, hidden), attended]), probs };
}

/** Copies a trainable array [n, d] to every clip of the batch: [batch, n, d]. */
function perClip(g: GraphWriter, name: string, rows: number, dim: number): string {
  const batch = g.op('Slice', [g.op('Shape', [ONNX_INPUTS.tokens]), g.ints('zero', [0]), g.ints('one', [1])]);
  return g.op('Expand', [name, g.op('Concat', [batch, g.ints('rows_dim', [rows, dim])], { axis: attr.int(0) })]);
}

/** Serialised ONNX bytes of the Perceiver with these weights (named as perceiver-params.ts names them). */
export function exportPerceiverOnnx(shape: PerceiverShape, weights: ReadonlyMap<string, Float32Array>, metadata: Record<string, string> = {}): Uint8Array {
  const { size, tokenDim } = shape;
  const g = new GraphWriter();
  for (const spec of parameterSpecs(shape)) {
    const data = weights.get(spec.name);
    if (!data) throw new Error(`ONNX export: weight ${spec.name} is missing`);
    g.initializers.push(initializer(spec.name, data, spec.shape));
  }
  const d = size.latentDim;
  // Missing frames: (1 − mask)·(−1e9) added to the scores, broadcast over heads and latents.
  const maskBias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [g.constant('one_f', [1], []), ONNX_INPUTS.mask]), g.constant('masked', [MASKED_SCORE], [])]), g.ints('axes', [1, 2])]);
  const cross = attentionLayer(g, 'enc.cross', perClip(g, 'latents', size.latents, d), ONNX_INPUTS.tokens, size.crossAttentionHeads, crossChannels(size, tokenDim), maskBias);
  let hidden = cross.output;
  for (let i = 0; i < size.selfAttentionLayers; i += 1) hidden = attentionLayer(g, `enc.self${i}`, hidden, null, size.selfAttentionHeads, d, null).output;
  const decoded = attentionLayer(g, 'dec.cross', perClip(g, 'dec.query', 1, d), hidden, 1, d, null);
  const flat = g.ints('flat', [0, -1]);
  g.op('Reshape', [linear(g, 'head', decoded.output), flat], {}, ONNX_OUTPUTS.intensities);
  g.op('ReduceMean', [cross.probs], { axes: attr.ints([1, 2]), keepdims: attr.int(0) }, ONNX_OUTPUTS.frameAttention);
  g.op('Reshape', [decoded.probs, flat], {}, ONNX_OUTPUTS.latentAttention);
  return buildModel({
    graphName: 'viper_perceiver',
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [valueInfo(ONNX_INPUTS.tokens, 'float32', ['batch', 'frames', tokenDim]), valueInfo(ONNX_INPUTS.mask, 'float32', ['batch', 'frames'])],
    outputs: [
      valueInfo(ONNX_OUTPUTS.intensities, 'float32', ['batch', EMOTION_OUTPUTS]),
      valueInfo(ONNX_OUTPUTS.frameAttention, 'float32', ['batch', 'frames']),
      valueInfo(ONNX_OUTPUTS.latentAttention, 'float32', ['batch', size.latents]),
    ],
    docString: 'ViPER late-fusion Perceiver: 7 reaction-emotion intensities from per-frame multimodal tokens.',
    metadata: { ...metadata, perceiver_size: JSON.stringify(size), token_dim: String(tokenDim) },
  });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
