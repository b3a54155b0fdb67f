import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { packageDir } from '../pack/sources';
import { readTfjsModel } from './read-model';
import { decodeWeights, halfToFloat } from './weights';

describe('weight decoding', () => {
  it('widens IEEE halves exactly', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0x3555].map(halfToFloat)).toEqual([1, -2, 65504, 2 ** -24, -0, Infinity, 0.333251953125]);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('dequantises uint8 and uint16 as q·scale + min, rounding int32 weights', () => {
    const manifest = [
      {
        paths: ['a.bin'],
        weights: [
          { name: 'u8', shape: [3], dtype: 'float32' as const, quantization: { dtype: 'uint8' as const, scale: 0.5, min: -1 } },
          { name: 'u16', shape: [2], dtype: 'int32' as const, quantization: { dtype: 'uint16' as const, scale: 0.3, min: 2 } },
        ],
      },
    ];
    const shard = new Uint8Array([0, 2, 255, 5, 0, 0, 1]);
    const weights = decodeWeights(manifest, new Map([['a.bin', shard]]), 'm.json');
    expect(Array.from(weights.get('u8')?.data ?? [])).toEqual([-1, 0, 126.5]);
    // 5·0.3 + 2 = 3.5 → 4; 256·0.3 + 2 = 78.8 → 79.
    expect(Array.from(weights.get('u16')?.data ?? [])).toEqual([4, 79]);
  });

  it('refuses shards shorter or longer than the manifest says', () => {
    const manifest = [{ paths: ['a.bin'], weights: [{ name: 'w', shape: [2, 2], dtype: 'float32' as const }] }];
    expect(() => decodeWeights(manifest, new Map([['a.bin', new Uint8Array(12)]]), 'm.json')).toThrow(/m\.json: weight shards a\.bin hold 12 bytes, but the manifest needs at least 16 \(at weight w\)/);
    expect(() => decodeWeights(manifest, new Map([['a.bin', new Uint8Array(20)]]), 'm.json')).toThrow(/hold 20 bytes, but the manifest describes 16/);
  });
});

describe('readTfjsModel', () => {
  it('reads a real model and names a missing or truncated shard', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const human = join(packageDir('@vladmandic/human'), 'models');
      copyFileSync(join(human, 'emotion.json'), join(dir, 'emotion.json'));
      await expect(readTfjsModel(join(dir, 'emotion.json'))).rejects.toMatchObject({ code: 'models/missing', message: expect.stringMatching(/emotion\.bin: the weight shard of .*emotion\.json is missing/) });
      writeFileSync(join(dir, 'emotion.bin'), new Uint8Array(1000));
      await expect(readTfjsModel(join(dir, 'emotion.json'))).rejects.toMatchObject({ code: 'models/corrupt' });
      copyFileSync(join(human, 'emotion.bin'), join(dir, 'emotion.bin'));
      const model = await readTfjsModel(join(dir, 'emotion.json'));
      expect(model.sources.map((s) => s.bytes.byteLength)).toEqual([17980, 820516]);
      expect(model.weights.size).toBe(23);
      writeFileSync(join(dir, 'emotion.json'), '{"format": "layers-model"}');
      await expect(readTfjsModel(join(dir, 'emotion.json'))).rejects.toThrow(/emotion\.json: not a TF\.js graph model \(format is "layers-model", expected "graph-model"\)/);
    } finally {
      cleanup();
    }
  });
});
