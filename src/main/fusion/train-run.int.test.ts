import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/api';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { openStore, type Db } from '../store/database';
import { readClipFeatures } from '../store/analysis-store';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { currentOwner } from '../store/job-owner';
import { JobsStore } from '../store/jobs-store';
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

  it('is trained by a recorded job: progress in epochs, this process as owner, the same job again on resume', async () => {
    const controller = new AbortController();
    const first = await trainRun({ db, dbPath, now }, { ...REQUEST, options: { ...REQUEST.options, epochs: 3 } }, { signal: controller.signal, onEpoch: (m) => m.epoch === 1 && controller.abort() });
    const store = new RunsStore(db);
    const jobs = new JobsStore(db);
    const jobId = store.get(first.runId).jobId ?? 0;
    expect(jobs.recent(10).find((job) => job.id === jobId)).toMatchObject({ kind: 'train', state: 'cancelled', total: 3, resume: { command: `npx viper train --resume ${first.runId}` } });
    expect(db.prepare('SELECT owner_pid FROM jobs WHERE id = ?').pluck().get(jobId)).toBe(process.pid);
    const resumed = await trainRun({ db, dbPath, now }, { ...REQUEST, resumeRunId: first.runId });
    expect([first.jobId, resumed.jobId]).toEqual([jobId, jobId]);
    expect(store.get(resumed.runId)).toMatchObject({ state: 'done', jobId, resume: null });
    expect(jobs.recent(10).find((job) => job.id === jobId)).toMatchObject({ state: 'done', done: 3, total: 3 });
  });

  it('records the failure of a run as its job error', async () => {
    await expect(trainRun({ db, dbPath, now }, { ...REQUEST, modalities: ['fau', 'audio'] })).rejects.toMatchObject({ code: 'fusion/modality-not-analysed' });
    const run = new RunsStore(db).list().at(-1);
    const jobs = new JobsStore(db);
    expect(jobs.stateOf(run?.jobId ?? 0)?.state).toBe('failed');
    expect(jobs.recentErrors(1)).toEqual([expect.objectContaining({ jobId: run?.jobId, code: 'fusion/modality-not-analysed' })]);
  });

  it('resumes through the API with the epochs the run recorded, or with --epochs when the user gives it', async () => {
    const cancelledRun = async (): Promise<number> => {
      const controller = new AbortController();
      const run = await trainRun({ db, dbPath, now }, { ...REQUEST, options: { ...REQUEST.options, epochs: 3 } }, { signal: controller.signal, onEpoch: (m) => m.epoch === 1 && controller.abort() });
      return run.runId;
    };
    const ctx = createApiContext(dbPath);
    try {
      const kept = await cancelledRun();
      const keptEvents: ProgressEvent[] = [];
      const keptResult = await callApi(ctx, 'fusion.train', { resume: kept }, { onProgress: (e) => keptEvents.push(e) });
      expect(keptResult.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
      const keptJob = new RunsStore(db).get(kept).jobId;
      expect(keptEvents.at(-1)).toMatchObject({ call: 'fusion.train', jobId: keptJob, done: 3, total: 3 });
      expect(keptEvents.every((e) => e.total === 3)).toBe(true);

      const extended = await cancelledRun();
      const extendedEvents: ProgressEvent[] = [];
      const extendedResult = await callApi(ctx, 'fusion.train', { resume: extended, epochs: 4 }, { onProgress: (e) => extendedEvents.push(e) });
      expect(extendedResult.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
      expect(extendedEvents.at(-1)).toMatchObject({ done: 4, total: 4 });
      expect(extendedEvents.every((e) => e.total === 4)).toBe(true);
      expect(new RunsStore(db).get(extended).config).toMatchObject({ options: { epochs: 4, batchSize: 8 } });
    } finally {
      ctx.close();
    }
  });

  it('refuses to resume a run that a live process is training', async () => {
    const store = new RunsStore(db);
    const runId = store.create('perceiver', ['fau'], {}, now());
    const jobId = new JobsStore(db).start('train', { runId }, 3, now(), currentOwner());
    store.update(runId, { jobId });
    await expect(trainRun({ db, dbPath, now }, { ...REQUEST, resumeRunId: runId })).rejects.toMatchObject({ code: 'runs/still-running' });
    expect(store.get(runId).state).toBe('running');
    // Stopped again, so that the next test's training is not refused as a second one at a time.
    new JobsStore(db).finish(jobId, 'cancelled', now());
    store.update(runId, { state: 'cancelled' });
  });

  it('trains and predicts an authors-code run without the attention mask, recorded with the run: missing frames get attention', async () => {
    const ctx = createApiContext(dbPath);
    try {
      const result = await callApi(ctx, 'fusion.train', { modalities: ['fau'], epochs: 1, protocol: 'authors-code', backend: 'wasm' });
      const run = new RunsStore(db).get(result.runId);
      expect(run.config).toMatchObject({ protocol: 'authors-code', options: { attentionMask: false, lrHalvingUnit: 'batch' } });
      const masked = new RunsStore(db).list().find((r) => r.kind === 'perceiver' && r.state === 'done' && r.id !== run.id);
      expect(masked?.config).toMatchObject({ protocol: 'default', options: { attentionMask: true } });
      // The synthetic set leaves about a fifth of frames missing: find one clip that has some.
      const mask = (clipId: number): Float32Array => readClipFeatures(db, clipId).find((f) => f.modality === 'mask')?.data as Float32Array;
      const clipId = new PredictionsStore(db).scoredPairs(run.id, 'Val').clipIds.find((id) => mask(id).includes(0)) as number;
      const missing = Array.from(mask(clipId)).flatMap((present, f) => (present === 0 ? [f] : []));
      expect(missing.length).toBeGreaterThan(0);
      const unmasked = new PredictionsStore(db).attention(run.id, clipId)?.frameWeights as Float32Array;
      const maskedWeights = new PredictionsStore(db).attention(masked?.id ?? 0, clipId)?.frameWeights as Float32Array;
      for (const f of missing) {
        expect(unmasked[f], `frame ${f}, authors-code run`).toBeGreaterThan(0);
        expect(maskedWeights[f], `frame ${f}, default run`).toBe(0);
      }
    } finally {
      ctx.close();
    }
  }, 120_000);
});
