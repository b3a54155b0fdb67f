/** The image stage on tiny ViT-shaped exports, through transformers.js preprocessing and onnxruntime-node. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { SessionFactory } from '../session';
import { loadImageEncoder } from './image-encoder';
import type { RgbImage } from './image-input';
import { IMAGE_DIMS, writeImageExport } from './test-support/tiny-exports';

const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

function uniformCrop(width: number, height: number, [r, g, b]: number[]): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set([r ?? 0, g ?? 0, b ?? 0], i * 3);
  return { width, height, rgb };
}

function gradientCrop(width: number, height: number, seed: number): RgbImage {
  const rgb = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * seed + Math.floor(i / (width * 3)) * 7) % 256);
  return { width, height, rgb };
}

/** What the tiny model's CLS row must be: per-channel means of the normalised pixels, times W. */
function expectedCls(weights: Float32Array, channelMeans: number[]): number[] {
  return Array.from({ length: IMAGE_DIMS }, (_, d) => channelMeans.reduce((sum, m, c) => sum + m * (weights[c * IMAGE_DIMS + d] ?? NaN), 0));
}

/** float32 sums over 224×224 pixels carry ~1e-4 of rounding, hence 3 digits by default. */
function expectClose(actual: Float32Array | undefined, expected: number[], digits = 3): void {
  expect(actual?.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual?.[i]).toBeCloseTo(value, digits));
}

describe('loadImageEncoder', () => {
  it('normalises with the config mean/std and returns the CLS token, 768 wide', async () => {
    const folder = join(temp.dir, 'user', 'image', 'vit-face');
    const { weights, mean, std } = writeImageExport(folder);
    const encoder = await loadImageEncoder(folder, { factory });
    expect(encoder).toMatchObject({ id: 'user/image/vit-face', dims: 768, provider: 'cpu' });
    // A uniform crop stays uniform through any resize, so its normalised channel means are exact.
    const color = [200, 100, 50];
    const { vectors, provider } = await encoder.embed([uniformCrop(100, 80, color)]);
    expect(provider).toBe('cpu');
    expectClose(vectors[0], expectedCls(weights, color.map((v, c) => (v / 255 - (mean[c] ?? 0)) / (std[c] ?? 1))));
  });

  it('gives each crop of a batch what it gives alone, in order, the same on every call', async () => {
    const folder = join(temp.dir, 'user', 'image', 'batching');
    writeImageExport(folder);
    const encoder = await loadImageEncoder(folder, { factory, maxBatch: 2 });
    const crops = [gradientCrop(64, 48, 3), gradientCrop(30, 90, 5), uniformCrop(224, 224, [0, 255, 0]), gradientCrop(300, 200, 11)];
    const batch = await encoder.embed(crops);
    expect(batch.vectors).toHaveLength(4);
    for (const [i, crop] of crops.entries()) {
      const alone = await encoder.embed([crop]);
      expectClose(batch.vectors[i], Array.from(alone.vectors[0] ?? []), 5);
    }
    expect((await encoder.embed(crops)).vectors).toEqual(batch.vectors);
    expect((await encoder.embed([])).vectors).toEqual([]);
  });

  it('reads an older export\'s bare "size": 224 as a 224×224 square, as Python\'s ViT processor does', async () => {
    const folder = join(temp.dir, 'legacy-size');
    const { weights, mean, std } = writeImageExport(folder, { legacySize: true });
    const encoder = await loadImageEncoder(folder, { factory });
    // transformers.js alone would fit a 4:3 crop into 224×168 and the model would get the wrong size.
    const { vectors } = await encoder.embed([gradientCrop(160, 120, 3)]);
    expect(vectors[0]).toHaveLength(IMAGE_DIMS);
    // The value, not only the length: left quarter black, the rest white. Stretched to the square, the
    // image stays three-quarters white (level 0.75); a shortest-edge resize with a centre crop would
    // keep only white (1.0), and fitting inside the square with padding would give 0.375 plus padding.
    const split = uniformCrop(200, 100, [255, 255, 255]);
    for (let y = 0; y < 100; y++) split.rgb.fill(0, y * 600, y * 600 + 50 * 3);
    const { vectors: [level] } = await encoder.embed([split]);
    expectClose(level, expectedCls(weights, [0, 1, 2].map((c) => (0.75 - (mean[c] ?? 0)) / (std[c] ?? 1))), 2);
  });

  it('names the crop whose bytes do not match its size', async () => {
    const folder = join(temp.dir, 'bad-crop');
    writeImageExport(folder);
    const encoder = await loadImageEncoder(folder, { factory });
    await expect(encoder.embed([uniformCrop(10, 10, [1, 2, 3]), { width: 10, height: 10, rgb: new Uint8Array(250) }])).rejects.toMatchObject({
      code: 'models/bad-input',
      message: expect.stringContaining('crop 1 is 10×10 with 250 bytes; expected 300 bytes of RGB (3 a pixel)'),
    });
  });

  it('rejects an export made with the classification head, saying which task to export with', async () => {
    const folder = join(temp.dir, 'classifier');
    writeImageExport(folder, { outputName: 'logits' });
    await expect(loadImageEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/wrong-signature',
      message: expect.stringMatching(
        /model\.onnx: the image encoder .* needs input pixel_values \(float32, 4 dims\) and output last_hidden_state \(float32, 3 dims\), but this graph has inputs pixel_values \(float32 \[batch_size, num_channels, height, width\]\) and outputs logits .* --task feature-extraction/,
      ),
    });
  });

  it('names the folder and the missing files of an incomplete export', async () => {
    const folder = join(temp.dir, 'no-graph');
    writeImageExport(folder);
    rmSync(join(folder, 'onnx'), { recursive: true });
    rmSync(join(folder, 'preprocessor_config.json'));
    await expect(loadImageEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/incomplete-export',
      subject: folder,
      message: expect.stringContaining(
        `${folder}: not a complete export for the image encoder (ViT, CLS of the last hidden state): missing preprocessor_config.json; onnx/model.onnx (or model_quantized.onnx). ` +
          'An Optimum export of this stage holds config.json, preprocessor_config.json, onnx/model.onnx (or model_quantized.onnx)',
      ),
    });
    await expect(loadImageEncoder(join(temp.dir, 'absent'), { factory })).rejects.toMatchObject({ code: 'models/missing' });
  });
});
