/**
 * Attribution against a direct computation: a tiny Perceiver (random weights scaled up so attention is far
 * from uniform; test-support/untrained-run.ts) exported to ONNX for a run in a real store, predicted through onnxruntime-node; then the
 * same tokens, with one modality's part zeroed by hand, through the TF.js forward pass (a separate
 * implementation of the same graph). The stored contributions and frame weights must be those values.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { openStore, type Db } from '../store/database';
import { AttributionStore } from '../store/attribution-store';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { writeUntrainedRun } from '../test-support/untrained-run';
import { clipIntensity, withModalityMasked } from './attribution';
import type { PerceiverSize } from './config';
import { FeatureReader, type FeatureLayout } from './feature-reader';
import { sha256 } from './onnx-export';
import { perceiverForward } from './perceiver';
import type { Params } from './perceiver-params';
import { predictWithRun } from './predict';
import { writeSyntheticSet } from './synthetic-features';
import { initTfBackend } from './tf-backend';

const SIZE: PerceiverSize = { latents: 5, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionHeads: 2, crossAttentionChannels: 'tokens', attentionDropout: 0.1 };
const FRAMES = 6;
const LAYOUT: FeatureLayout = { modalities: ['image', 'audio', 'fau'], dims: [6, 4, 10], modelIds: ['s-image', 's-audio', 's-fau'], frames: FRAMES, tokenDim: 20 };
const SHAPE = { size: SIZE, tokenDim: LAYOUT.tokenDim };

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
let params: Params;
let onnxPath: string;
let bytes: Uint8Array;
let clipIds: number[];
let made: ReturnType<typeof writeUntrainedRun>;

beforeAll(async () => {
  await initTfBackend('wasm');
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
  ({ clipIds } = writeSyntheticSet(db, { splits: { Train: 5, Val: 4 }, frames: FRAMES, dims: { image: 6, audio: 4, fau: 10 }, missingShare: 0.3, seed: 9 }));
  made = writeUntrainedRun(db, temp.dir, LAYOUT, SIZE);
  ({ params, bytes, onnxPath } = made);
});
afterAll(() => {
  made.dispose();
  db.close();
  temp.cleanup();
});

function trainedRun(path = onnxPath, hash = sha256(bytes)): number {
  const runs = new RunsStore(db);
  const id = runs.create('perceiver', LAYOUT.modalities, { layout: LAYOUT }, '2026-12-06T00:00:00.000Z');
  runs.update(id, { state: 'done', onnxPath: path, onnxSha256: hash });
  return id;
}

/** The clipped intensities [clips, 7] of the TF.js forward pass on these tokens. */
function forwardClipped(tokens: Float32Array, mask: Float32Array, clips: number): { intensities: number[]; frames: Float32Array } {
  return tf.tidy(() => {
    const result = perceiverForward(params, SHAPE, tf.tensor3d(tokens, [clips, FRAMES, LAYOUT.tokenDim]), tf.tensor2d(mask, [clips, FRAMES]));
    return { intensities: Array.from(result.outputs.dataSync(), clipIntensity), frames: result.frameAttention.dataSync() as Float32Array };
  });
}

describe('attribution', () => {
  it('zeroes exactly the modality part of every token', () => {
    const tokens = Float32Array.from({ length: 2 * FRAMES * LAYOUT.tokenDim }, (_, i) => i + 1);
    const masked = withModalityMasked(tokens, LAYOUT, 1);
    masked.forEach((value, i) => {
      const within = i % LAYOUT.tokenDim;
      expect(value, `value ${i}`).toBe(within >= 6 && within < 10 ? 0 : i + 1);
    });
  });

  it('stores, with each prediction, the change of every emotion when a modality is masked and the frame weights, as the direct computation gives them', async () => {
    const { runId } = made;
    expect(await predictWithRun(db, new RunsStore(db).get(runId), { batchSize: 4 })).toBe(clipIds.length);

    const batch = new FeatureReader(db, LAYOUT).loadBatch(clipIds);
    const full = forwardClipped(batch.tokens, batch.mask, clipIds.length);
    const without = LAYOUT.modalities.map((_, m) => forwardClipped(withModalityMasked(batch.tokens, LAYOUT, m), batch.mask, clipIds.length).intensities);
    const store = new AttributionStore(db);
    const predictions = new PredictionsStore(db);
    let nonZero = 0;
    clipIds.forEach((clipId, i) => {
      const stored = store.clipContributions(runId, clipId, LAYOUT.modalities);
      expect(stored.map((c) => c.modality)).toEqual(LAYOUT.modalities);
      stored.forEach((contribution, m) => {
        contribution.values.forEach((value, e) => {
          const want = (full.intensities[i * 7 + e] ?? NaN) - (without[m]?.[i * 7 + e] ?? NaN);
          expect(value, `clip ${clipId} ${contribution.modality} ${EMOTIONS[e]}`).toBeCloseTo(want, 4);
          if (Math.abs(value) > 1e-3) nonZero += 1;
        });
      });
      const weights = predictions.attention(runId, clipId)?.frameWeights;
      expect(Array.from(weights ?? []).map((w) => Number(w.toFixed(4)))).toEqual(Array.from(full.frames.subarray(i * FRAMES, (i + 1) * FRAMES), (w) => Number(w.toFixed(4))));
    });
    // The comparison means something only if the modalities really moved the predictions.
    expect(nonZero).toBeGreaterThan(clipIds.length * 7);
    expect(store.predictionsWithout(runId)).toBe(0);
    const means = store.meanByModality(runId, LAYOUT.modalities, 'Val');
    expect(means.clips).toBe(4);
    const valRows = clipIds.slice(5).map((clipId) => store.clipContributions(runId, clipId, LAYOUT.modalities));
    expect(means.perModality[2]?.mean[3]).toBeCloseTo(valRows.reduce((sum, rows) => sum + (rows[2]?.values[3] ?? 0), 0) / 4, 6);
  });

  it('drops a clip’s attribution with its prediction, never leaving a stale one behind', async () => {
    const runId = trainedRun();
    await predictWithRun(db, new RunsStore(db).get(runId), { clipIds: clipIds.slice(0, 2) });
    // A prediction written again without attribution (as the prior writes its own) takes the old rows along.
    new PredictionsStore(db).write(runId, [{ clipId: clipIds[0] ?? 0, values: [0, 0, 0, 0, 0, 0, 0] }], '2026-12-06T01:00:00.000Z');
    const store = new AttributionStore(db);
    expect(store.clipContributions(runId, clipIds[0] ?? 0, LAYOUT.modalities)).toEqual([]);
    expect(store.clipContributions(runId, clipIds[1] ?? 0, LAYOUT.modalities)).toHaveLength(3);
    expect(store.predictionsWithout(runId)).toBe(1);
  });

  it('refuses to predict with a run whose ONNX file is missing or altered, naming the file and the fix, and stores nothing', async () => {
    const runs = new RunsStore(db);
    const missing = trainedRun(join(temp.dir, 'gone.onnx'));
    await expect(predictWithRun(db, runs.get(missing))).rejects.toMatchObject({ code: 'models/missing', message: expect.stringMatching(/gone\.onnx: the ONNX model of fusion run \d+ cannot be read .*viper train --modalities image,audio,fau/) });
    const alteredPath = join(temp.dir, 'altered.onnx');
    const altered = Buffer.from(bytes);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    writeFileSync(alteredPath, altered);
    const run = trainedRun(alteredPath);
    await expect(predictWithRun(db, runs.get(run))).rejects.toMatchObject({ code: 'models/hash-mismatch', message: expect.stringMatching(/altered\.onnx: not the model fusion run \d+ exported \(sha256 expected [0-9a-f]{12}…, found [0-9a-f]{12}…\)/) });
    expect(new PredictionsStore(db).rows(run)).toEqual([]);
  });
});
