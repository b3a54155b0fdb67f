/** The CLIP pair on tiny exports in both layouts: split (transformers.js) and single (Optimum). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { SessionFactory } from '../session';
import { loadClipPair } from './clip-pair';
import type { RgbImage } from './image-input';
import { CLIP_DIMS, CLIP_MEAN, CLIP_STD, tokenIds, writeClipExport } from './test-support/tiny-exports';

const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

function greyCrop(width: number, height: number, valueAt: (x: number) => number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.fill(valueAt(i % width), i * 3, i * 3 + 3);
  return { width, height, rgb };
}

function unit(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

/** image_embeds of a grey image whose mean level is `level` (0–1), normalised. */
function expectedImage(weights: Float32Array, level: number): number[] {
  const means = CLIP_MEAN.map((m, c) => (level - m) / (CLIP_STD[c] ?? 1));
  return unit(Array.from({ length: CLIP_DIMS }, (_, d) => means.reduce((sum, m, c) => sum + m * (weights[c * CLIP_DIMS + d] ?? NaN), 0)));
}

/** text_embeds: the mean of the table's rows over the sentence's tokens, normalised. */
function expectedText(table: Float32Array, ids: number[]): number[] {
  return unit(Array.from({ length: CLIP_DIMS }, (_, d) => ids.reduce((sum, id) => sum + (table[id * CLIP_DIMS + d] ?? NaN), 0) / ids.length));
}

function expectClose(actual: Float32Array | undefined, expected: number[], digits: number): void {
  expect(actual?.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual?.[i]).toBeCloseTo(value, digits));
}

const TEXTS = ['a happy person is smiling', 'the face looks scared', 'sad'];

describe('loadClipPair', () => {
  it('embeds crops and sentences with the split export, normalised for cosine similarity', async () => {
    const folder = join(temp.dir, 'user', 'clip', 'clip-vit-base-patch32');
    const { vision, table } = writeClipExport(folder, { split: true });
    const clip = await loadClipPair(folder, { factory });
    expect(clip).toMatchObject({ id: 'user/clip/clip-vit-base-patch32', dims: CLIP_DIMS, provider: 'cpu' });
    const images = await clip.embedImages([greyCrop(120, 90, () => 153)]);
    expect(images.provider).toBe('cpu');
    expectClose(images.vectors[0], expectedImage(vision, 153 / 255), 4);
    const texts = await clip.embedTexts(TEXTS);
    TEXTS.forEach((text, i) => expectClose(texts.vectors[i], expectedText(table, tokenIds(text)), 5));
    for (const vector of [...images.vectors, ...texts.vectors]) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });

  it.each([
    ['text_batch_size and image_batch_size', false],
    ['one shared batch_size', true],
  ])('gives the same vectors from Optimum\'s single model.onnx with %s, feeding a dummy of the other side', async (_, sharedBatchDim) => {
    const split = join(temp.dir, `split-${sharedBatchDim}`);
    const single = join(temp.dir, `single-${sharedBatchDim}`);
    writeClipExport(split, { split: true });
    writeClipExport(single, { split: false, sharedBatchDim });
    const [a, b] = await Promise.all([loadClipPair(split, { factory }), loadClipPair(single, { factory })]);
    const crops = [greyCrop(64, 64, (x) => x * 4), greyCrop(300, 200, (x) => 255 - (x % 256))];
    const [imagesA, imagesB] = await Promise.all([a.embedImages(crops), b.embedImages(crops)]);
    crops.forEach((_, i) => expectClose(imagesB.vectors[i], Array.from(imagesA.vectors[i] ?? []), 5));
    const [textsA, textsB] = await Promise.all([a.embedTexts(TEXTS), b.embedTexts(TEXTS)]);
    TEXTS.forEach((_, i) => expectClose(textsB.vectors[i], Array.from(textsA.vectors[i] ?? []), 5));
  });

  it('reads an older export\'s bare "size": 224 as the shortest edge before the centre crop, as Python\'s CLIP processor does', async () => {
    const folder = join(temp.dir, 'legacy');
    const { vision } = writeClipExport(folder, { split: true, legacySize: true });
    const clip = await loadClipPair(folder, { factory });
    // Left half black, right half white: the 448×224 resize's centre crop is half white (level 0.5);
    // fitting the crop inside 224×224 and padding would give a quarter (0.25).
    const { vectors } = await clip.embedImages([greyCrop(200, 100, (x) => (x < 100 ? 0 : 255))]);
    expectClose(vectors[0], expectedImage(vision, 0.5), 2);
  });

  it('names every layout it accepts when the graphs are incomplete', async () => {
    const folder = join(temp.dir, 'half');
    writeClipExport(folder, { split: true });
    rmSync(join(folder, 'onnx', 'text_model.onnx'));
    await expect(loadClipPair(folder, { factory })).rejects.toMatchObject({
      code: 'models/incomplete-export',
      message: expect.stringContaining(
        'missing onnx/vision_model.onnx (or vision_model_quantized.onnx) + onnx/text_model.onnx (or text_model_quantized.onnx), or onnx/model.onnx (or model_quantized.onnx).',
      ),
    });
  });
});
