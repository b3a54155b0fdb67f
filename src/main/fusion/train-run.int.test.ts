import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/database';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { sha256 } from './onnx-export';
import { writeSyntheticSet } from './synthetic-features';
import { trainRun, type TrainRequest } from './train-run';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
let dbPath: string;
const now = (): string => '2026-11-25T00:00:00.000Z';
const REQUEST: TrainRequest = {
  modalities: ['fau'],
  preset: 'compact',
  size: { latents: 4, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionChannels: 16 },
  options: { epochs: 3, batchSize: 8, learningRate: 3e-3, seed: 2 },
  backend: 'wasm',
};

beforeAll(() => {
  temp = makeTempDir();
  dbPath = join(temp.dir, 'viper.db');
  db = openStore(dbPath);
  writeSyntheticSet(db, { splits: { Train: 32, Val: 12, Test: 12 }, frames: 6, dims: { fau: 32 }, seed: 8, missingShare: 0.2 });
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

describe('a recorded training run', () => {
  it('trains in a worker, exports ONNX, predicts every analysed clip and records everything', async () => {
    const epochs: number[] = [];
    const result = await trainRun({ db, dbPath, now }, REQUEST, { onEpoch: (m) => epochs.push(m.epoch) });
    expect(epochs).toEqual([1, 2, 3]);
    const store = new RunsStore(db);
    const run = store.get(result.runId);
    expect(run.state).toBe('done');
    expect(run.chosenEpoch).toBe(result.chosenEpoch);
    expect(run.config).toMatchObject({ modalities: ['fau'], splitSizes: { train: 32, val: 12, test: 12 }, backend: 'wasm', layout: { tokenDim: 32, frames: 6 } });
    expect(run.onnxPath && existsSync(run.onnxPath)).toBe(true);
    expect(run.onnxSha256).toBe(sha256(readFileSync(run.onnxPath ?? '')));
    expect(store.epochs(result.runId)).toHaveLength(3);
    expect(new PredictionsStore(db).rows(result.runId)).toHaveLength(56);
    expect(result.val?.clips).toBe(12);
    expect(result.test?.clips).toBe(12);
    const attention = new PredictionsStore(db).attention(result.runId, 1);
    expect(attention?.frameWeights).toHaveLength(6);
    expect(attention?.latentWeights).toHaveLength(4);
    expect(Array.from(attention?.frameWeights ?? []).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('is cancelled from the main thread and resumed by id', async () => {
    const controller = new AbortController();
    const first = await trainRun({ db, dbPath, now }, { ...REQUEST, options: { ...REQUEST.options, epochs: 4 } }, { signal: controller.signal, onEpoch: (m) => m.epoch === 1 && controller.abort() });
    expect(first.cancelled).toBe(true);
    const store = new RunsStore(db);
    expect(store.get(first.runId).state).toBe('cancelled');
    const resumed = await trainRun({ db, dbPath, now }, { ...REQUEST, resumeRunId: first.runId });
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(store.get(first.runId).state).toBe('done');
  });

  it('fails before training with the error of the data, recorded on the run', async () => {
    await expect(trainRun({ db, dbPath, now }, { ...REQUEST, modalities: ['fau', 'audio'] })).rejects.toMatchObject({ code: 'fusion/modality-not-analysed' });
    const runs = new RunsStore(db).list();
    expect(runs[runs.length - 1]?.state).toBe('failed');
  });
});
