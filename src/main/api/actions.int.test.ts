/**
 * The page's actions through the API on a real store with a synthetic labelled set: one training at a
 * time (a second is refused while the first runs), its live curve in training.status, predict / evaluate /
 * ablate / export recorded as jobs, retrain from corrections (a new run from the old run's weights on the
 * corrected labels, the old run untouched), and exports written to a file or kept for download.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { JobsStore } from '../store/jobs-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { readNpy } from '../test-support/read-npy';
import { createApiContext, type ApiContext } from './context';
import { exportsFolder, KEPT_DOWNLOADS } from './export-file';
import { callApi } from './handlers';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipIds: number[];
const TRAIN = { modalities: ['image', 'fau'] as ('image' | 'fau')[], epochs: 3, learningRate: 3e-3, backend: 'wasm' as const, seed: 4 };

const jobKinds = (): string[] => new JobsStore(ctx.db).recent(100).map((job) => `${job.kind}:${job.state}`);

beforeAll(() => {
  temp = makeTempDir('viper-actions-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', env: {} });
  ({ clipIds } = writeSyntheticSet(ctx.db, { splits: { Train: 24, Val: 12, Test: 6 }, frames: 4, dims: { image: 8, fau: 32 }, seed: 3, asAnalysed: true }));
});
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('training from the page', () => {
  it('refuses a second training while one runs, and shows the running one epoch by epoch', async () => {
    expect(await callApi(ctx, 'training.status', {})).toEqual({ run: null, runningRunId: null, corrections: null });
    const first = callApi(ctx, 'fusion.train', TRAIN);
    let status = await callApi(ctx, 'training.status', {});
    for (let waited = 0; status.run?.history.length !== 1 && waited < 600; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await callApi(ctx, 'training.status', {});
    }
    expect(status.runningRunId).toBe(1);
    expect(status.run).toMatchObject({ runId: 1, state: 'running', epochs: 3, modalities: ['image', 'fau'], continuedFrom: null, cancelRequested: false });
    const second = callApi(ctx, 'fusion.train', TRAIN);
    await expect(second).rejects.toMatchObject({ code: 'runs/still-running', message: expect.stringContaining('a second training is refused') });
    await expect(second).rejects.toMatchObject({ message: expect.stringContaining('fusion run 1 (job ') });
    await expect(callApi(ctx, 'training.retrain', {})).rejects.toMatchObject({ code: expect.stringMatching(/^runs\//) });
    const result = await first;
    expect(result.cancelled).toBe(false);
    status = await callApi(ctx, 'training.status', {});
    expect(status.runningRunId).toBeNull();
    expect(status.run?.state).toBe('done');
    expect(status.run?.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(status.run?.history[0]?.trainLoss).toBeGreaterThan(0);
    // The refused call made no run and no job.
    expect(new RunsStore(ctx.db).list()).toHaveLength(1);
    expect(jobKinds()).toEqual(['train:done']);
  }, 300_000);

  it('records predict and evaluate as jobs', async () => {
    await callApi(ctx, 'fusion.predict', { run: 1 });
    const evaluation = await callApi(ctx, 'fusion.evaluate', { run: 1, split: 'Val', resamples: 200 });
    expect(evaluation.scores.clips).toBe(12);
    await expect(callApi(ctx, 'fusion.evaluate', { run: 99 })).rejects.toMatchObject({ code: 'runs/not-found' });
    expect(jobKinds().slice(0, 3)).toEqual(['evaluate:failed', 'evaluate:done', 'predict:done']);
    expect(new JobsStore(ctx.db).recentErrors(1)[0]).toMatchObject({ code: 'runs/not-found' });
  });

  it('retrains from corrections: a new run from the old weights on the corrected labels, the old run kept', async () => {
    const parentBefore = new RunsStore(ctx.db).get(1);
    expect((await callApi(ctx, 'training.status', {})).corrections).toEqual({ runId: 1, clips: 0 });
    for (const clip of clipIds.slice(0, 2)) {
      const labels = await callApi(ctx, 'labels.get', { clip });
      const values = Object.fromEntries(EMOTIONS.map((e) => [e, 1 - (labels.values?.[e] ?? 0)])) as Record<Emotion, number>;
      await callApi(ctx, 'labels.save', { clip, values, expectedVersion: labels.version });
    }
    expect((await callApi(ctx, 'training.status', {})).corrections).toEqual({ runId: 1, clips: 2 });
    const retrained = await callApi(ctx, 'training.retrain', { epochs: 2 });
    expect(retrained).toMatchObject({ runId: 2, continuedFrom: 1, cancelled: false });
    const status = await callApi(ctx, 'training.status', { run: 2 });
    expect(status.run).toMatchObject({ state: 'done', continuedFrom: 1, epochs: 2, modalities: ['image', 'fau'] });
    const parentHistory = (await callApi(ctx, 'training.status', { run: 1 })).run?.history ?? [];
    // It starts where run 1 ended, not from a fresh initialisation: its first epoch is already below run 1's first.
    expect(status.run?.history[0]?.trainLoss).toBeLessThan(parentHistory[0]?.trainLoss ?? 0);
    expect(new RunsStore(ctx.db).get(1)).toEqual(parentBefore);
    expect((await callApi(ctx, 'training.status', {})).corrections).toEqual({ runId: 2, clips: 0 });
    await expect(callApi(ctx, 'training.retrain', { run: 99 })).rejects.toMatchObject({ code: 'runs/not-found' });
  }, 300_000);
});

describe('exports', () => {
  it('keeps a labels CSV for download and writes predictions to a chosen file, each a recorded job', async () => {
    const download = await callApi(ctx, 'exports.create', { what: 'labels', split: 'Val' });
    expect(download).toMatchObject({ what: 'labels', fileName: 'labels-gold-Val.csv', rows: 12, savedTo: null, downloadId: download.jobId });
    const kept = join(exportsFolder(ctx.dbPath), `${download.jobId}-labels-gold-Val.csv`);
    expect(readFileSync(kept, 'utf8').split('\n')[0]).toBe(`File_ID,Split,${EMOTIONS.join(',')}`);
    expect(download.bytes).toBe(readFileSync(kept).length);
    const target = join(temp.dir, 'predictions.csv');
    const saved = await callApi(ctx, 'exports.create', { what: 'predictions', run: 2, destination: target });
    expect(saved).toMatchObject({ fileName: 'predictions-run-2.csv', savedTo: target, downloadId: null, rows: 42 });
    expect(readFileSync(target, 'utf8').split('\n')).toHaveLength(44);
    expect(new JobsStore(ctx.db).recorded(saved.jobId)).toMatchObject({ kind: 'export', state: 'done', params: { what: 'predictions', run: 2, savedTo: target } });
  });

  it('never replaces an existing file unless asked, and names a folder it cannot write', async () => {
    const target = join(temp.dir, 'mine.csv');
    writeFileSync(target, 'my own notes\n');
    await expect(callApi(ctx, 'exports.create', { what: 'labels', destination: target })).rejects.toMatchObject({ code: 'exports/exists', message: expect.stringContaining(target) });
    expect(readFileSync(target, 'utf8')).toBe('my own notes\n');
    await callApi(ctx, 'exports.create', { what: 'labels', destination: target, overwrite: true });
    expect(readFileSync(target, 'utf8')).toMatch(/^File_ID,Split,/);
    const missing = join(temp.dir, 'no-such-folder', 'labels.csv');
    await expect(callApi(ctx, 'exports.create', { what: 'labels', destination: missing })).rejects.toMatchObject({
      code: 'exports/write-failed',
      message: expect.stringContaining(`${join(temp.dir, 'no-such-folder')}: the export cannot be written there`),
    });
    expect(readdirSync(temp.dir).filter((name) => name.includes('partial'))).toEqual([]);
    expect(jobKinds()[0]).toBe('export:failed');
  });

  it('packs the features into one tar that tar and NumPy read', async () => {
    const result = await callApi(ctx, 'exports.create', { what: 'features', modalities: ['image', 'fau'], split: 'Val' });
    expect(result).toMatchObject({ fileName: 'features-Val.tar', rows: 12 });
    const tar = join(exportsFolder(ctx.dbPath), `${result.jobId}-features-Val.tar`);
    const listed = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.sort()).toEqual(['fau.npy', 'image.npy', 'index.csv', 'index.json', 'mask.npy', 'presence.npy']);
    const out = join(temp.dir, 'unpacked');
    mkdirSync(out);
    execFileSync('tar', ['-xf', tar, '-C', out]);
    expect(readNpy(join(out, 'image.npy')).shape).toEqual([12, 4, 8]);
    expect(readNpy(join(out, 'fau.npy')).shape).toEqual([12, 4, 32]);
    // Only the tar is left: the staging folder is gone.
    expect(readdirSync(exportsFolder(ctx.dbPath)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it(`keeps only the newest ${KEPT_DOWNLOADS} downloads`, async () => {
    const ids: number[] = [];
    for (let i = 0; i < KEPT_DOWNLOADS + 1; i += 1) ids.push((await callApi(ctx, 'exports.create', { what: 'labels' })).jobId);
    const files = readdirSync(exportsFolder(ctx.dbPath));
    expect(files).toHaveLength(KEPT_DOWNLOADS);
    expect(existsSync(join(exportsFolder(ctx.dbPath), `${ids[0]}-labels-gold.csv`))).toBe(false);
    expect(files).toContain(`${ids.at(-1)}-labels-gold.csv`);
  });
});
