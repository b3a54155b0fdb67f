/**
 * labels.lint on a real store: a synthetic labelled set (30 Val clips), a trained run's predictions written
 * as the trainer writes them (gold plus a small, varied error, one clip planted far off), a third annotator
 * saved through labels.save, and ten clips given the same row. Each rule flags the clip planted for it and
 * no other, the thresholds move the verdicts, and nothing is written.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../../../shared/emotions';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { PredictionsStore } from '../../store/predictions-store';
import { RunsStore } from '../../store/runs-store';
import { makeTempDir } from '../../test-support/fixtures';
import { seededRandom } from '../metrics';
import { writeSyntheticSet } from '../synthetic-features';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let val: number[];
let runId: number;
const AT = '2026-12-01T00:00:00.000Z';

const vector = (value: (e: number) => number): Record<Emotion, number> => Object.fromEntries(EMOTIONS.map((emotion, e) => [emotion, value(e)])) as Record<Emotion, number>;

async function gold(clip: number): Promise<number[]> {
  const labels = await callApi(ctx, 'labels.get', { clip });
  return EMOTIONS.map((e) => labels.values?.[e] ?? Number.NaN);
}

beforeAll(async () => {
  temp = makeTempDir();
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'test', env: {} });
  const { clipIds } = writeSyntheticSet(ctx.db, { splits: { Train: 12, Val: 30 }, frames: 4, dims: { fau: 32 }, seed: 7 });
  val = clipIds.slice(12);
  // A trained run: gold ± 0.05 noise on every Val clip, except Val clip 3's Fear, predicted 0.9 off.
  const runs = new RunsStore(ctx.db);
  runId = runs.create('perceiver', ['fau'], {}, AT);
  runs.update(runId, { state: 'done', finishedAt: AT });
  const random = seededRandom(11);
  const predictions = [];
  for (const clip of val) {
    const g = await gold(clip);
    const values = g.map((v, e) => (clip === val[3] && e === EMOTIONS.indexOf('Fear') ? (v > 0.5 ? v - 0.9 : v + 0.9) : v + (random() - 0.5) * 0.1));
    predictions.push({ clipId: clip, values });
  }
  new PredictionsStore(ctx.db).write(runId, predictions, AT);
  // Three annotators besides gold on Val clip 5: two agree with gold, 'stray' is 0.8 away on Surprise.
  const g5 = await gold(val[5] ?? 0);
  for (const [annotator, shift] of [
    ['ann', 0.02],
    ['bea', -0.02],
  ] as const) {
    await callApi(ctx, 'labels.save', { clip: val[5], annotator, values: vector((e) => Math.min(1, Math.max(0, (g5[e] ?? 0) + shift))), expectedVersion: 0 });
  }
  const surprise = EMOTIONS.indexOf('Surprise');
  await callApi(ctx, 'labels.save', { clip: val[5], annotator: 'stray', values: vector((e) => (e === surprise ? ((g5[e] ?? 0) > 0.5 ? 0 : 1) : (g5[e] ?? 0))), expectedVersion: 0 });
  // Ten Train clips saved with one and the same row.
  for (const clip of clipIds.slice(0, 10)) {
    const labels = await callApi(ctx, 'labels.get', { clip });
    await callApi(ctx, 'labels.save', { clip, values: vector(() => 0.25), expectedVersion: labels.version });
  }
});
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('labels.lint', () => {
  it("flags the clip far from the run's prediction, and only it", async () => {
    const report = await callApi(ctx, 'labels.lint', { split: 'Val' });
    expect(report.runId).toBe(runId);
    const far = report.flags.filter((f) => f.rule === 'far-from-prediction');
    expect(far.map((f) => [f.clipId, f.emotion])).toEqual([[val[3], 'Fear']]);
    expect(far[0]?.evidence.z).toBeGreaterThan(3.5);
    expect(Math.abs(far[0]?.evidence.residual ?? 0)).toBeCloseTo(0.9, 5);
    expect(far[0]?.reason).toMatch(/^Fear \d\.\d\d, run \d+ predicts \d\.\d\d: residual [+-]0\.90, [\d.]+ robust SDs/);
    expect(report.rules.find((r) => r.rule === 'far-from-prediction')).toMatchObject({ checked: 30, flagged: 1, skippedBecause: null });
    // Over every split, the spread is still each split's own: the same one flag, measured against Val.
    const all = await callApi(ctx, 'labels.lint', {});
    expect(all.flags.filter((f) => f.rule === 'far-from-prediction').map((f) => f.clipId)).toEqual([val[3]]);
    expect(all.flags.find((f) => f.rule === 'far-from-prediction')?.reason).toMatch(/over 30 Val clips\)$/);
  });

  it('flags the annotator far from the others, naming the annotator and the emotion', async () => {
    const report = await callApi(ctx, 'labels.lint', { split: 'Val' });
    const outliers = report.flags.filter((f) => f.rule === 'annotator-outlier');
    expect(outliers.map((f) => [f.clipId, f.annotator, f.emotion])).toEqual([[val[5], 'stray', 'Surprise']]);
    expect(outliers[0]?.evidence.others).toBe(3);
  });

  it('flags every clip of a row repeated on 10 clips, and none below the threshold', async () => {
    const all = await callApi(ctx, 'labels.lint', {});
    const identical = all.flags.filter((f) => f.rule === 'identical-rows');
    expect(identical).toHaveLength(10);
    expect(identical[0]?.reason).toMatch(/^the same seven values \(0\.25 0\.25 0\.25 0\.25 0\.25 0\.25 0\.25\) on 10 clips/);
    const stricter = await callApi(ctx, 'labels.lint', { thresholds: { identicalClipsMin: 11 } });
    expect(stricter.flags.filter((f) => f.rule === 'identical-rows')).toEqual([]);
    expect(stricter.thresholds.identicalClipsMin).toBe(11);
  });

  it('skips far-from-prediction with its reason when the run scored too few clips', async () => {
    const report = await callApi(ctx, 'labels.lint', { split: 'Train' });
    expect(report.rules.find((r) => r.rule === 'far-from-prediction')).toMatchObject({ checked: 0, skippedBecause: expect.stringMatching(/predicted 0 of these labelled clips; at least 10/) });
    // Synthetic clips have no frames analysed: the face rule says so instead of passing them.
    expect(report.rules.find((r) => r.rule === 'no-face-no-speech')?.skippedBecause).toMatch(/no labelled clip is analysed/);
  });

  it('changes no label and records no edit', async () => {
    // labels.get carries the values, the version and the edit history.
    const read = () => Promise.all(val.flatMap((clip) => ['gold', 'ann', 'bea', 'stray'].map((annotator) => callApi(ctx, 'labels.get', { clip, annotator }))));
    const before = await read();
    await callApi(ctx, 'labels.lint', {});
    expect(await read()).toEqual(before);
  });

  it('refuses a split with no gold labels with fusion/split-missing and what to do', async () => {
    await expect(callApi(ctx, 'labels.lint', { split: 'Test' })).rejects.toMatchObject({
      code: 'fusion/split-missing',
      message: expect.stringMatching(/^no gold-labelled clips in split Test: nothing to lint\. Import labels/),
    });
  });

  it('refuses an unknown threshold name and a run that does not exist', async () => {
    await expect(callApi(ctx, 'labels.lint', { thresholds: { residualz: 3 } })).rejects.toMatchObject({ code: 'api/invalid-input' });
    await expect(callApi(ctx, 'labels.lint', { run: 999 })).rejects.toMatchObject({ code: 'runs/not-found' });
  });
});
