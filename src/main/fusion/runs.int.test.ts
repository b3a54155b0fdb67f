/**
 * Runs as the user handles them, through the API on a real store with real training (tiny models on a
 * synthetic set, wasm): the uncertainty of every prediction from the last epochs' checkpoints, a name,
 * two runs compared on the same clips, a run deleted with its files and nothing else.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { SPREAD_EPOCHS } from './epoch-checkpoints';
import { writeSyntheticSet } from './synthetic-features';
import { runFolder, trainRun, type TrainRequest } from './train-run';
import { meanStandardDeviation } from './uncertainty';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
const REQUEST: TrainRequest = {
  modalities: ['fau'],
  preset: 'compact',
  size: { latents: 4, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionChannels: 16 },
  options: { epochs: 7, batchSize: 8, learningRate: 3e-3, seed: 2 },
  backend: 'wasm',
};
let runA = 0;
let runB = 0;

beforeAll(async () => {
  temp = makeTempDir();
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', now: () => '2026-12-06T10:41:07.000Z' });
  writeSyntheticSet(ctx.db, { splits: { Train: 32, Val: 12, Test: 12 }, frames: 6, dims: { fau: 32 }, seed: 8, missingShare: 0.2 });
  runA = (await trainRun(ctx, REQUEST)).runId;
  runB = (await trainRun(ctx, { ...REQUEST, options: { ...REQUEST.options, epochs: 2, seed: 5 } })).runId;
}, 300_000);
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

const clips = async () => (await callApi(ctx, 'clips.list', { limit: 1000 })).clips;

describe('the uncertainty of a prediction', () => {
  it("keeps the last epochs' checkpoints and stores the spread of their predictions with every prediction", async () => {
    const folder = runFolder(ctx.dbPath, runA);
    const kept = readdirSync(folder).filter((name) => /^epoch-\d+\.ckpt$/.test(name)).sort();
    expect(kept).toEqual(Array.from({ length: SPREAD_EPOCHS }, (_, i) => `epoch-${7 - SPREAD_EPOCHS + 1 + i}.ckpt`).sort());
    // The latest run with predictions is B (2 epochs: a spread over 2 checkpoints); every one of its 56 clips has one.
    const listed = await clips();
    expect(listed).toHaveLength(56);
    const values = listed.map((c) => c.predictionUncertainty);
    expect(values.every((v) => typeof v === 'number' && v >= 0 && v <= 0.5)).toBe(true);
    // Clips differ in how settled they are (intensities clipped at 0 in both epochs tie at a spread of 0 there).
    expect(new Set(values.map((v) => v?.toFixed(6))).size).toBeGreaterThan(20);
    expect(Math.max(...values.map((v) => v ?? 0))).toBeGreaterThan(0.001);
  });

  it('is measured again, to the same values, when the run predicts again (the checkpoints decide it, not chance)', async () => {
    const before = new Map((await clips()).map((c) => [c.id, c.predictionUncertainty]));
    await callApi(ctx, 'fusion.predict', { run: runB });
    const after = await clips();
    for (const clip of after) expect(clip.predictionUncertainty).toBeCloseTo(before.get(clip.id) ?? Number.NaN, 6);
  });

  it('is the mean over emotions of the population standard deviation, on clipped intensities', () => {
    const one = Float32Array.from([0, 0, 0, 0, 0, 0, 1.5]);
    const two = Float32Array.from([1, 0, 0, 0, 0, 0, -1]);
    // Adoration: 0 and 1 → sd 0.5; Surprise: clipped to 1 and 0 → sd 0.5; the rest 0.
    expect(meanStandardDeviation([one, two], 1)[0]).toBeCloseTo(1 / 7, 10);
  });
});

describe('names', () => {
  it('gives every run a default name from its modalities, preset and time, and takes the user’s own', async () => {
    const listed = (await callApi(ctx, 'fusion.runs', {})).runs.find((r) => r.id === runA);
    expect(listed).toMatchObject({ name: 'fau · compact · 2026-12-06 10:41 UTC', nameIsDefault: true });
    expect(await callApi(ctx, 'runs.rename', { run: runA, name: '  seven epochs  ' })).toEqual({ id: runA, name: 'seven epochs', nameIsDefault: false });
    expect((await callApi(ctx, 'fusion.runs', {})).runs.find((r) => r.id === runA)?.name).toBe('seven epochs');
    await expect(callApi(ctx, 'runs.rename', { run: runA, name: 'tab\there' })).rejects.toMatchObject({ code: 'api/invalid-input' });
    await expect(callApi(ctx, 'runs.rename', { run: 999, name: 'x' })).rejects.toMatchObject({ code: 'runs/not-found' });
  });
});

describe('comparing two runs', () => {
  it('scores both on the same labelled clips, as evaluate does, and lists the clips they disagree on most', async () => {
    const comparison = await callApi(ctx, 'runs.compare', { a: runA, b: runB, split: 'Val', limit: 5 });
    expect(comparison).toMatchObject({ a: { id: runA, name: 'seven epochs' }, b: { id: runB }, split: 'Val', predictedByBoth: 12, n: 12 });
    const [evalA, evalB] = [await callApi(ctx, 'fusion.evaluate', { run: runA, split: 'Val' }), await callApi(ctx, 'fusion.evaluate', { run: runB, split: 'Val' })];
    EMOTIONS.forEach((emotion, e) => {
      expect(comparison.perEmotion[e]).toEqual({
        emotion,
        pearsonA: evalA.scores.perEmotion[e]?.pearson,
        pearsonB: evalB.scores.perEmotion[e]?.pearson,
        cccA: evalA.scores.perEmotion[e]?.ccc,
        cccB: evalB.scores.perEmotion[e]?.ccc,
      });
    });
    expect(comparison.meanPearsonA).toBe(evalA.scores.meanPearson);
    const gaps = comparison.disagreements.map((d) => d.meanAbsDifference);
    expect(gaps).toHaveLength(5);
    expect([...gaps].sort((x, y) => y - x)).toEqual(gaps);
    for (const d of comparison.disagreements) {
      const differences = d.a.map((v, e) => Math.abs(v - (d.b[e] ?? 0)));
      expect(d.meanAbsDifference).toBeCloseTo(differences.reduce((s, x) => s + x, 0) / 7, 10);
      expect(d.emotion).toBe(EMOTIONS[differences.indexOf(Math.max(...differences))]);
      expect(d.gold).toHaveLength(7);
    }
    // The largest of all 12, not only of those listed.
    const all = await callApi(ctx, 'runs.compare', { a: runA, b: runB, split: 'Val', limit: 200 });
    expect(all.disagreements).toHaveLength(12);
    expect(all.disagreements[0]).toEqual(comparison.disagreements[0]);
  });

  it('says so when the runs share no clip of the split', async () => {
    await expect(callApi(ctx, 'runs.compare', { a: runA, b: 999, split: 'Val' })).rejects.toMatchObject({ code: 'runs/not-found' });
  });
});

describe('deleting a run', () => {
  it('removes its predictions, epochs, checkpoints and ONNX files, keeps labels and the other run, and never reuses its id', async () => {
    const folder = runFolder(ctx.dbPath, runB);
    expect(existsSync(join(folder, 'model.onnx'))).toBe(true);
    const labelsBefore = await callApi(ctx, 'labels.export', {});
    const deleted = await callApi(ctx, 'runs.delete', { run: runB });
    expect(deleted).toMatchObject({ id: runB, kind: 'perceiver', predictions: 56, folder });
    expect(deleted.files).toBeGreaterThanOrEqual(5); // model.onnx, last.ckpt, best.ckpt, epoch-1/2.ckpt (+ their ONNX)
    expect(deleted.bytes).toBeGreaterThan(0);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(runFolder(ctx.dbPath, runA))).toBe(true);
    expect((await callApi(ctx, 'fusion.runs', {})).runs.map((r) => r.id)).toEqual([runA]);
    expect(await callApi(ctx, 'labels.export', {})).toEqual(labelsBefore);
    await expect(callApi(ctx, 'fusion.evaluate', { run: runB })).rejects.toMatchObject({ code: 'runs/not-found', message: expect.stringContaining(`fusion run ${runB} was deleted`) });
    // The Library now shows run A's predictions, with their own uncertainty.
    expect((await clips()).every((c) => c.predictionUncertainty !== null)).toBe(true);
    const prior = await callApi(ctx, 'fusion.predict', { prior: true });
    expect(prior.runId).toBe(runB + 1);
  });

  it("leaves a folder that holds another database's run of the same id", async () => {
    // A second database beside the first shares fusion-runs/: its run 1 is not the first one's run 1.
    const other = createApiContext(join(temp.dir, 'other.db'), { actor: 'tester' });
    try {
      const store = new RunsStore(other.db);
      const id = store.create('perceiver', ['fau'], { checkpointDir: runFolder(other.dbPath, runA) }, '2026-12-06T11:00:00.000Z');
      expect(id).toBe(runA);
      store.update(id, { state: 'failed' });
      const deleted = await callApi(other, 'runs.delete', { run: id });
      expect(deleted).toMatchObject({ folder: null, files: 0, folderKept: expect.stringContaining('holds a model.onnx the run never exported') });
      expect(existsSync(join(runFolder(ctx.dbPath, runA), 'model.onnx'))).toBe(true);
    } finally {
      other.close();
    }
  });
});
