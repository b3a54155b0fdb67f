import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { chunkRanges, firstTokens, mapInBatches, stackFloat32, unstackRows } from './batch';

describe('batch helpers', () => {
  it('stacks items along a new first dim and splits them back', () => {
    const batch = stackFloat32([Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6, 7, 8])], [2, 2]);
    expect(batch.dims).toEqual([2, 2, 2]);
    expect(unstackRows(batch).map((row) => Array.from(row))).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(() => stackFloat32([new Float32Array(3)], [2, 2])).toThrow('item 0 has 3 values; [2, 2] needs 4');
  });

  it('takes the first token of each item, as copies', () => {
    // [2 items, 3 tokens, 2 wide]: token t of item b holds [10b + t, -(10b + t)].
    const data = Float32Array.from({ length: 12 }, (_, i) => {
      const value = 10 * Math.floor(i / 6) + Math.floor((i % 6) / 2);
      return i % 2 === 0 ? value : -value;
    });
    const rows = firstTokens(new Tensor('float32', data, [2, 3, 2]));
    expect(rows.map((row) => Array.from(row))).toEqual([[0, -0], [10, -10]]);
    data.fill(99);
    expect(rows[1]?.[0]).toBe(10);
    expect(() => firstTokens(new Tensor('float32', new Float32Array(4), [2, 2]))).toThrow('expected [batch, tokens, width]');
  });
});

describe('mapInBatches', () => {
  it('batches items that share a key, at most maxBatch at a time, and keeps the items order', async () => {
    const seen: string[][] = [];
    const words = ['aa', 'b', 'cc', 'dd', 'e', 'ff'];
    const results = await mapInBatches(
      words,
      2,
      async (batch) => {
        seen.push(batch);
        return batch.map((word) => word.toUpperCase());
      },
      (word) => word.length,
    );
    expect(results).toEqual(['AA', 'B', 'CC', 'DD', 'E', 'FF']);
    expect(seen).toEqual([['aa', 'cc'], ['dd', 'ff'], ['b', 'e']]);
    expect(await mapInBatches([], 4, async () => [])).toEqual([]);
  });

  it('chunks a batch without ever leaving one item alone at the end (a batch of one computes other bits)', () => {
    expect(chunkRanges(0, 8)).toEqual([]);
    expect(chunkRanges(1, 8)).toEqual([[0, 1]]);
    expect(chunkRanges(8, 8)).toEqual([[0, 8]]);
    expect(chunkRanges(9, 8)).toEqual([[0, 9]]);
    expect(chunkRanges(10, 8)).toEqual([[0, 8], [8, 10]]);
    expect(chunkRanges(17, 8)).toEqual([[0, 8], [8, 17]]);
  });
});
