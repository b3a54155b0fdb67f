/**
 * Test support: builds small TF.js graph models in memory (nodes, weights, optional quantisation), in the
 * exact model.json + shard format tensorflowjs_converter writes, so a test can convert them and run the
 * original with TF.js. Only tests import this.
 */
import type { TfAttrValue, TfjsModelJson, TfNode, TfWeightSpec } from './model-json';
import type { TfjsModel } from './read-model';
import { decodeWeights } from './weights';

export const tfAttr = {
  s: (value: string): TfAttrValue => ({ s: Buffer.from(value).toString('base64') }),
  i: (value: number): TfAttrValue => ({ i: String(value) }),
  f: (value: number): TfAttrValue => ({ f: value }),
  b: (value: boolean): TfAttrValue => ({ b: value }),
  ints: (values: readonly number[]): TfAttrValue => ({ list: { i: values.map(String) } }),
  strings: (values: readonly string[]): TfAttrValue => ({ list: { s: values.map((v) => Buffer.from(v).toString('base64')) } }),
  float: (): TfAttrValue => ({ type: 'DT_FLOAT' }),
};

export type Quantisation = 'float16' | 'uint8' | 'uint16';

/** float32 → IEEE half, round to nearest even (finite, normal and subnormal values). */
export function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    const m = (mantissa | 0x800000) >> (1 - exponent);
    return sign | ((m + 0x1000) >> 13);
  }
  if (exponent >= 0x1f) return sign | 0x7c00;
  return sign | ((exponent << 10) + ((mantissa + 0x1000) >> 13));
}

function encode(values: Float32Array | Int32Array, dtype: 'float32' | 'int32', quantisation: Quantisation | undefined): { bytes: Uint8Array; quantization?: TfWeightSpec['quantization'] } {
  if (!quantisation) return { bytes: new Uint8Array(values.slice().buffer) };
  if (quantisation === 'float16') {
    const halves = Uint16Array.from(values, floatToHalf);
    return { bytes: new Uint8Array(halves.buffer), quantization: { dtype: 'float16', original_dtype: dtype } };
  }
  const levels = quantisation === 'uint8' ? 255 : 65535;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const scale = max > min ? (max - min) / levels : 1;
  const q = quantisation === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  values.forEach((v, i) => (q[i] = Math.round((v - min) / scale)));
  return { bytes: new Uint8Array(q.buffer), quantization: { dtype: quantisation, scale, min, original_dtype: dtype } };
}

export class TinyGraph {
  private readonly nodes: TfNode[] = [];
  private readonly specs: TfWeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];

  placeholder(name: string, shape: readonly number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: tfAttr.float(), shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } } });
    return name;
  }

  constant(name: string, values: readonly number[] | Float32Array | Int32Array, shape: readonly number[], options: { dtype?: 'float32' | 'int32'; quantisation?: Quantisation } = {}): string {
    const dtype = options.dtype ?? 'float32';
    const typed = dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
    const { bytes, quantization } = encode(typed, dtype, options.quantisation);
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' }, value: { tensor: { dtype: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' } } } });
    this.specs.push({ name, shape: [...shape], dtype, ...(quantization ? { quantization } : {}) });
    this.chunks.push(bytes);
    return name;
  }

  op(name: string, op: string, inputs: readonly string[], attr: Record<string, TfAttrValue> = {}): string {
    this.nodes.push({ name, op, input: [...inputs], attr: { T: tfAttr.float(), ...attr } });
    return name;
  }

  /** The model as readTfjsModel would return it; `path` only names it in messages. */
  toModel(path = 'tiny/model.json', extra: Partial<TfjsModelJson> = {}): TfjsModel {
    const json: TfjsModelJson = { format: 'graph-model', modelTopology: { node: this.nodes, versions: {} }, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: this.specs }], ...extra };
    const shard = new Uint8Array(this.chunks.reduce((sum, c) => sum + c.byteLength, 0));
    let at = 0;
    for (const chunk of this.chunks) {
      shard.set(chunk, at);
      at += chunk.byteLength;
    }
    const weights = decodeWeights(json.weightsManifest, new Map([['group1-shard1of1.bin', shard]]), path);
    return { path, json, weights, sources: [{ path, bytes: new TextEncoder().encode(JSON.stringify(json)) }, { path: 'tiny/group1-shard1of1.bin', bytes: shard }] };
  }
}
