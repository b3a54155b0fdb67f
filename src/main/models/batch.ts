/**
 * Batches for the session factory: items stacked along a new first dim, and rows read back.
 * Returned arrays are copies, so they outlive the output tensors onnxruntime hands back.
 */
import { Tensor } from 'onnxruntime-node';

/**
 * [start, end) ranges of at most `size` items over `count`, a last range of one item joined to the one
 * before it: ONNX Runtime's CPU kernels give the same values for every batch of 2 or more, but a batch of
 * one takes another path (FaceRes: other bits), so a clip's results never depend on where a chunk ends.
 */
export function chunkRanges(count: number, size: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += size) ranges.push([start, Math.min(count, start + size)]);
  const last = ranges[ranges.length - 1];
  const before = ranges[ranges.length - 2];
  if (last && before && last[1] - last[0] === 1) {
    before[1] = last[1];
    ranges.pop();
  }
  return ranges;
}

/** Stacks equally shaped float32 items into one [items.length, ...itemDims] tensor. */
export function stackFloat32(items: readonly Float32Array[], itemDims: readonly number[]): Tensor {
  const itemSize = itemDims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(items.length * itemSize);
  items.forEach((item, index) => {
    if (item.length !== itemSize) {
      throw new RangeError(`item ${index} has ${item.length} values; [${itemDims.join(', ')}] needs ${itemSize}`);
    }
    data.set(item, index * itemSize);
  });
  return new Tensor('float32', data, [items.length, ...itemDims]);
}

function float32Data(tensor: Tensor, what: string): Float32Array {
  if (tensor.type !== 'float32') throw new TypeError(`${what}: expected a float32 tensor, found ${tensor.type}`);
  return tensor.data as Float32Array;
}

/** Splits a [B, ...] float32 tensor into B flat rows. */
export function unstackRows(tensor: Tensor): Float32Array[] {
  const data = float32Data(tensor, 'unstackRows');
  const batch = tensor.dims[0] ?? 0;
  const rowSize = batch === 0 ? 0 : data.length / batch;
  return Array.from({ length: batch }, (_, row) => data.slice(row * rowSize, (row + 1) * rowSize));
}

/** The first token's vector of each item of a [B, S, D] float32 tensor: the CLS / <s> state. */
export function firstTokens(tensor: Tensor): Float32Array[] {
  const data = float32Data(tensor, 'firstTokens');
  const [batch = 0, tokens = 0, width = 0] = tensor.dims;
  if (tensor.dims.length !== 3 || tokens === 0) {
    throw new RangeError(`firstTokens: expected [batch, tokens, width] with at least one token, found [${tensor.dims.join(', ')}]`);
  }
  return Array.from({ length: batch }, (_, row) => data.slice(row * tokens * width, row * tokens * width + width));
}

/**
 * Runs `run` on batches of items that share a key (e.g. a length, so nothing needs padding), at most
 * `maxBatch` items each, and returns one result per item in the items' order.
 */
export async function mapInBatches<T, R>(
  items: readonly T[],
  maxBatch: number,
  run: (batch: T[]) => Promise<R[]>,
  key: (item: T) => string | number = () => 0,
): Promise<R[]> {
  const groups = new Map<string | number, number[]>();
  items.forEach((item, index) => {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [index]);
    else group.push(index);
  });
  const results = new Array<R>(items.length);
  for (const indices of groups.values()) {
    for (let start = 0; start < indices.length; start += maxBatch) {
      const batch = indices.slice(start, start + maxBatch);
      const batchResults = await run(batch.map((index) => items[index] as T));
      if (batchResults.length !== batch.length) throw new RangeError(`a batch of ${batch.length} items gave ${batchResults.length} results`);
      batch.forEach((index, i) => (results[index] = batchResults[i] as R));
    }
  }
  return results;
}
