/**
 * The mask the exported Perceiver gets, through predictWithRun and onnxruntime-node: a default run masks
 * missing frames out; an authors-code run (options.attentionMask false, as train_perceiver.py calls
 * PerceiverModel without one) attends every stored frame; and a clip none of whose frames is present is
 * predicted over all its stored frames, the same way every time, and flagged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/database';
import { float32Blob } from '../store/float32-blob';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import type { PerceiverSize } from './config';
import { FeatureReader, type FeatureLayout } from './feature-reader';
import { exportPerceiverOnnx, ONNX_INPUTS, ONNX_OUTPUTS } from './onnx-export';
import { disposeParams, initParams, readParams } from './perceiver-params';
import { predictWithRun } from './predict';
import { writeSyntheticSet } from './synthetic-features';
import { initTfBackend } from './tf-backend';

const FRAMES = 6;
const DIM = 8;
const LAYOUT: FeatureLayout = { modalities: ['fau'], dims: [DIM], modelIds: ['synthetic-fau'], frames: FRAMES, tokenDim: DIM };
const SIZE: PerceiverSize = { latents: 4, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionHeads: 2, crossAttentionChannels: 'tokens', attentionDropout: 0 };
const AT = '2026-12-06T00:00:00.000Z';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
let clipIds: number[];
let onnxPath: string;
/** [allMissing, allPresent, some missing…] */
let allMissing: number;
let allPresent: number;

beforeAll(async () => {
  await initTfBackend('wasm');
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
  ({ clipIds } = writeSyntheticSet(db, { splits: { Train: 6 }, frames: FRAMES, dims: { fau: DIM }, missingShare: 0.5, seed: 7 }));
  [allMissing, allPresent] = clipIds as [number, number];
  const setMask = db.prepare(`UPDATE features SET data = ? WHERE clip_id = ? AND modality = 'mask'`);
  setMask.run(float32Blob(new Float32Array(FRAMES)), allMissing);
  setMask.run(float32Blob(new Float32Array(FRAMES).fill(1)), allPresent);
  // Trained-looking weights (the 0.02 init scaled up), so attention is far from uniform and the mask shows.
  const shape = { size: SIZE, tokenDim: DIM };
  const params = initParams(shape, 3);
  for (const [name, v] of params) if (name.endsWith('.w') || name === 'latents' || name === 'dec.query') v.assign(tf.mul(v, 10));
  onnxPath = join(temp.dir, 'perceiver.onnx');
  writeFileSync(onnxPath, exportPerceiverOnnx(shape, readParams(params)));
  disposeParams(params);
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

/** The raw intensities onnxruntime gives for these clips' stored tokens with this mask, by clip. */
async function raw(mask: (stored: Float32Array) => Float32Array): Promise<Map<number, number[]>> {
  const batch = new FeatureReader(db, LAYOUT).loadBatch(clipIds);
  const session = await ort.InferenceSession.create(onnxPath);
  const out = await session.run({
    [ONNX_INPUTS.tokens]: new ort.Tensor('float32', batch.tokens, [clipIds.length, FRAMES, DIM]),
    [ONNX_INPUTS.mask]: new ort.Tensor('float32', mask(batch.mask), [clipIds.length, FRAMES]),
  });
  await session.release();
  const values = out[ONNX_OUTPUTS.intensities]?.data as Float32Array;
  return new Map(clipIds.map((id, i) => [id, Array.from(values.subarray(i * 7, i * 7 + 7))]));
}

function predictRun(options: Record<string, unknown>): Promise<number> {
  const store = new RunsStore(db);
  const runId = store.create('perceiver', ['fau'], { layout: LAYOUT, options }, AT);
  store.update(runId, { state: 'done', onnxPath });
  return predictWithRun(db, store.get(runId)).then(() => runId);
}

function stored(runId: number, clipId: number): number[] {
  const row = db.prepare('SELECT adoration, amusement, anxiety, disgust, empathic_pain, fear, surprise FROM predictions WHERE run_id = ? AND clip_id = ?').get(runId, clipId) as Record<string, number>;
  return Object.values(row);
}

const clamp = (values: readonly number[]): number[] => values.map((v) => Math.min(1, Math.max(0, v)));
const maxDiff = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))));

describe('the attention mask at prediction', () => {
  it('a default run masks missing frames out; an authors-code run attends every frame, so they differ only where frames are missing', async () => {
    const masked = await raw((mask) => mask);
    const unmasked = await raw((mask) => mask.map(() => 1));
    const defaultRun = await predictRun({ attentionMask: true });
    const authorsRun = await predictRun({ attentionMask: false });
    for (const clipId of clipIds) {
      expect(maxDiff(stored(defaultRun, clipId), clamp(masked.get(clipId) ?? [])), `default run, clip ${clipId}`).toBeLessThan(1e-6);
      expect(maxDiff(stored(authorsRun, clipId), clamp(unmasked.get(clipId) ?? [])), `authors-code run, clip ${clipId}`).toBeLessThan(1e-6);
    }
    const partly = clipIds.filter((id) => id !== allMissing && id !== allPresent);
    // The synthetic set puts large distractors in missing frames: attending them moves the outputs.
    for (const clipId of partly) expect(maxDiff(masked.get(clipId) ?? [], unmasked.get(clipId) ?? [])).toBeGreaterThan(1e-3);
    expect(maxDiff(masked.get(allPresent) ?? [], unmasked.get(allPresent) ?? [])).toBeLessThan(1e-6);
  });

  it('predicts a clip with no present frame over all its stored frames, the same every time, and flags it', async () => {
    const unmasked = await raw((mask) => mask.map(() => 1));
    const first = await predictRun({});
    const second = await predictRun({});
    expect(maxDiff(stored(first, allMissing), clamp(unmasked.get(allMissing) ?? []))).toBeLessThan(1e-6);
    expect(stored(second, allMissing)).toEqual(stored(first, allMissing));
    const predictions = new PredictionsStore(db);
    expect(predictions.noFramePresent(first, allMissing)).toBe(true);
    expect(clipIds.filter((id) => predictions.noFramePresent(first, id))).toEqual([allMissing]);
    expect(predictions.noFramePresentFileIds(first)).toHaveLength(1);
    // The reader says so with the batch: the clip's mask replaced by ones over its stored frames.
    const batch = new FeatureReader(db, LAYOUT).loadBatch([allMissing, allPresent]);
    expect(batch.noFramePresent).toEqual([true, false]);
    expect(Array.from(batch.mask.subarray(0, FRAMES))).toEqual(new Array(FRAMES).fill(1));
  });
});
