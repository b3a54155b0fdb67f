/**
 * The Analysis screen's calls on a real store: a synthetic labelled set, the prior's predictions, and a
 * second annotator saved through labels.save. Numbers are checked against metrics.ts on the same pairs.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { ccc, icc21 } from '../fusion/metrics';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { createApiContext, type ApiContext } from './context';
import { callApi } from './handlers';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipIds: number[];

beforeAll(() => {
  temp = makeTempDir();
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'test', env: {} });
  clipIds = writeSyntheticSet(ctx.db, { splits: { Train: 4, Val: 12 }, frames: 4, dims: { fau: 32 }, seed: 3 }).clipIds;
});
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('evaluation.summary', () => {
  it("gives the prior's evaluation, a point per clip and the clips of every confusion cell", async () => {
    const prior = await callApi(ctx, 'fusion.predict', { prior: true });
    const summary = await callApi(ctx, 'evaluation.summary', { run: prior.runId, split: 'Val', resamples: 200 });
    expect(summary.evaluation.kind).toBe('prior');
    expect(summary.evaluation).toEqual(await callApi(ctx, 'fusion.evaluate', { run: prior.runId, split: 'Val', resamples: 200 }));
    expect(summary.points).toHaveLength(12);
    expect(summary.points.every((p) => p.gold.length === 7 && p.predicted.length === 7 && p.fileId.length > 0)).toBe(true);
    for (const [e, { cellClipIds }] of summary.cells.entries()) {
      expect(cellClipIds.map((row) => row.map((cell) => cell.length))).toEqual(summary.evaluation.confusion[e]?.counts);
      expect(cellClipIds.flat(2).sort((a, b) => a - b)).toEqual(summary.points.map((p) => p.clipId).sort((a, b) => a - b));
    }
  });

  it('answers a run that does not exist with runs/not-found', async () => {
    await expect(callApi(ctx, 'evaluation.summary', { run: 999 })).rejects.toMatchObject({ code: 'runs/not-found', subject: '999' });
  });

  it('says a split without labelled clips is what is missing, not the predictions', async () => {
    await expect(callApi(ctx, 'evaluation.summary', { split: 'Test' })).rejects.toMatchObject({
      code: 'fusion/split-missing',
      message: expect.stringMatching(/^no labelled clips in the Test split: nothing to score\./),
    });
  });

  it('says which run lacks predictions for a labelled split', async () => {
    const runs = new RunsStore(ctx.db);
    const empty = runs.create('perceiver', ['fau'], {}, '2026-12-01T00:00:00.000Z');
    runs.update(empty, { state: 'done' });
    await expect(callApi(ctx, 'evaluation.summary', { run: empty, split: 'Val' })).rejects.toMatchObject({
      code: 'fusion/no-predictions',
      message: expect.stringContaining(`Run "viper predict --run ${empty}"`),
    });
  });
});

describe('annotators.agreement', () => {
  it('has nothing to compare with one annotator', async () => {
    const agreement = await callApi(ctx, 'annotators.agreement', {});
    expect(agreement).toMatchObject({ annotators: ['gold'], clips: 0 });
    expect(agreement.perEmotion.every((e) => e.icc === null && e.meanPairCcc === null)).toBe(true);
  });

  it('scores a second annotator on the clips both labelled with ICC(2,1) and CCC', async () => {
    const shared = clipIds.slice(4, 10);
    const gold = await Promise.all(shared.map((clip) => callApi(ctx, 'labels.get', { clip })));
    // The second annotator: gold shifted up by a clip-dependent amount, clamped into [0,1].
    const second = gold.map((labels, i) => Object.fromEntries(EMOTIONS.map((e) => [e, Math.min(1, (labels.values?.[e] ?? 0) + 0.03 * i)])));
    for (const [i, clip] of shared.entries()) {
      await callApi(ctx, 'labels.save', { clip, annotator: 'second', values: second[i] as Record<(typeof EMOTIONS)[number], number>, expectedVersion: 0 });
    }
    const agreement = await callApi(ctx, 'annotators.agreement', { split: 'Val' });
    expect(agreement.annotators).toEqual(['gold', 'second']);
    expect(agreement.clips).toBe(6);
    for (const [e, emotion] of EMOTIONS.entries()) {
      const pairs = gold.map((labels, i) => [labels.values?.[emotion] ?? 0, second[i]?.[emotion] ?? 0]);
      expect(agreement.perEmotion[e]?.icc).toBeCloseTo(icc21(pairs) ?? Number.NaN, 12);
      expect(agreement.perEmotion[e]?.meanPairCcc).toBeCloseTo(ccc(pairs.map((p) => p[0] ?? 0), pairs.map((p) => p[1] ?? 0)) ?? Number.NaN, 12);
    }
  });

  it('refuses 40,000 annotator names naming the field, before any work (once this kept the host busy 16 s)', async () => {
    const annotators = Array.from({ length: 40_000 }, (_, i) => `annotator-${i}`);
    await callApi(ctx, 'annotators.agreement', { annotators: ['gold', 'second'] });
    const start = performance.now();
    await expect(callApi(ctx, 'annotators.agreement', { annotators })).rejects.toMatchObject({ code: 'api/invalid-input', subject: 'annotators' });
    expect(performance.now() - start).toBeLessThan(50);
  });
});
