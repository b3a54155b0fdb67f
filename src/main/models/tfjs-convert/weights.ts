/**
 * Reads the weight shards of a TF.js graph model and decodes every weight to the values TF.js itself
 * computes: float16 widened exactly, uint8 / uint16 dequantised as q·scale + min in float64 then stored as
 * float32 (int32 weights rounded), exactly as tfjs-core's decodeWeights does, so parity holds bit for bit.
 */
import { ViperError } from '../../../shared/errors';
import type { TfWeightGroup, TfWeightSpec } from './model-json';

export interface DecodedWeight {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

const BYTES_PER_QUANTISED = { float16: 2, uint8: 1, uint16: 2 } as const;
const BYTES_PER_VALUE = { float32: 4, int32: 4, bool: 1 } as const;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function byteLength(spec: TfWeightSpec, where: string): number {
  const count = elementCount(spec.shape);
  if (spec.quantization) return count * BYTES_PER_QUANTISED[spec.quantization.dtype];
  if (spec.dtype === 'float32' || spec.dtype === 'int32' || spec.dtype === 'bool') return count * BYTES_PER_VALUE[spec.dtype];
  throw new ViperError('models/unsupported-op', `${where}: weight ${spec.name} has dtype ${spec.dtype}, which the converter does not support (float32, int32, bool only).`, { subject: where });
}

/** IEEE 754 half → float32, exact (every half is representable as a float32). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function decodeOne(spec: TfWeightSpec, bytes: Uint8Array, where: string): DecodedWeight {
  const count = elementCount(spec.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  const dtype = spec.dtype as DecodedWeight['dtype'];
  if (q?.dtype === 'float16') {
    if (dtype !== 'float32') throw new ViperError('models/corrupt', `${where}: weight ${spec.name} is float16-quantised but its dtype is ${dtype}, not float32.`, { subject: where });
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = halfToFloat(view.getUint16(i * 2, true));
    return { dtype, shape: spec.shape, data };
  }
  if (q) {
    if (q.scale === undefined || q.min === undefined) throw new ViperError('models/corrupt', `${where}: weight ${spec.name} is ${q.dtype}-quantised without scale and min.`, { subject: where });
    const { scale, min } = q;
    const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(i) : (i: number) => view.getUint16(i * 2, true);
    if (dtype === 'float32') return { dtype, shape: spec.shape, data: Float32Array.from({ length: count }, (_, i) => read(i) * scale + min) };
    if (dtype === 'int32') return { dtype, shape: spec.shape, data: Int32Array.from({ length: count }, (_, i) => Math.round(read(i) * scale + min)) };
    throw new ViperError('models/corrupt', `${where}: weight ${spec.name} is quantised but its dtype is ${dtype}.`, { subject: where });
  }
  // Copy out of the shard so each weight owns an aligned buffer.
  const copy = bytes.slice();
  if (dtype === 'float32') return { dtype, shape: spec.shape, data: new Float32Array(copy.buffer) };
  if (dtype === 'int32') return { dtype, shape: spec.shape, data: new Int32Array(copy.buffer) };
  return { dtype, shape: spec.shape, data: copy };
}

/**
 * Decodes all weights of a manifest from the shard bytes (in manifest order). `shards` is keyed by the
 * manifest's relative path; `where` names the model in errors.
 */
export function decodeWeights(manifest: readonly TfWeightGroup[], shards: ReadonlyMap<string, Uint8Array>, where: string): Map<string, DecodedWeight> {
  const weights = new Map<string, DecodedWeight>();
  for (const group of manifest) {
    const parts = group.paths.map((path) => {
      const shard = shards.get(path);
      if (!shard) throw new ViperError('models/missing', `${where}: weight shard ${path} was not read.`, { subject: path });
      return shard;
    });
    const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
    const buffer = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      buffer.set(part, at);
      at += part.byteLength;
    }
    let offset = 0;
    for (const spec of group.weights) {
      const size = byteLength(spec, where);
      if (offset + size > total) {
        throw new ViperError('models/corrupt', `${where}: weight shards ${group.paths.join(', ')} hold ${total} bytes, but the manifest needs at least ${offset + size} (at weight ${spec.name}). The files are truncated or do not belong to this model.json.`, { subject: group.paths[0] ?? where });
      }
      weights.set(spec.name, decodeOne(spec, buffer.subarray(offset, offset + size), where));
      offset += size;
    }
    if (offset !== total) {
      throw new ViperError('models/corrupt', `${where}: weight shards ${group.paths.join(', ')} hold ${total} bytes, but the manifest describes ${offset}. The files do not belong to this model.json.`, { subject: group.paths[0] ?? where });
    }
  }
  return weights;
}
