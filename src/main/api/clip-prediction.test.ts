/**
 * The model's guess in review: fusion.clipPrediction picks the run (asked for, else latest trained, else
 * prior) and labels.save records an acceptance as `accepted:<run>`. Real SQLite file, real store.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { createApiContext, type ApiContext } from './context';
import { callApi } from './handlers';

const vector = (level: number): EmotionVector => Object.fromEntries(EMOTIONS.map((emotion, i) => [emotion, Math.round((level + i / 100) * 100) / 100])) as EmotionVector;

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipId: number;
let otherClip: number;

/** A finished run of this kind that predicted `level` (+ i/100 per emotion) for the clips given. */
function finishedRun(kind: 'prior' | 'perceiver', level: number, clips: number[]): number {
  const runs = new RunsStore(ctx.db);
  const runId = runs.create(kind, ['fau'], {}, '2026-12-01T00:00:00.000Z');
  new PredictionsStore(ctx.db).write(runId, clips.map((id) => ({ clipId: id, values: Float32Array.from(EMOTIONS.map((e) => vector(level)[e])) })), '2026-12-01T00:00:01.000Z');
  runs.update(runId, { state: 'done', finishedAt: '2026-12-01T00:00:02.000Z' });
  return runId;
}

beforeEach(() => {
  temp = makeTempDir('viper-prediction-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'ana', env: {} });
  clipId = storeClip(ctx, '00001', join(temp.dir, '00001.mp4'));
  otherClip = storeClip(ctx, '00002', join(temp.dir, '00002.mp4'));
});
afterEach(() => {
  ctx.close();
  temp.cleanup();
});

describe('fusion.clipPrediction', () => {
  it('says there is none before any run predicted the clip', async () => {
    finishedRun('prior', 0.1, [otherClip]);
    expect(await callApi(ctx, 'fusion.clipPrediction', { clip: clipId })).toEqual({ runs: [], runId: null, kind: null, values: null, noFramePresent: false });
  });

  it('shows the prior, named as such, until a trained run exists; then the trained run; or the run asked for', async () => {
    const prior = finishedRun('prior', 0.1, [clipId]);
    const first = await callApi(ctx, 'fusion.clipPrediction', { clip: '00001' });
    expect(first).toMatchObject({ runId: prior, kind: 'prior' });
    // Stored as float32, as the model wrote them.
    for (const emotion of EMOTIONS) expect(first.values?.[emotion]).toBeCloseTo(vector(0.1)[emotion], 6);
    const trained = finishedRun('perceiver', 0.5, [clipId, otherClip]);
    const latest = await callApi(ctx, 'fusion.clipPrediction', { clip: clipId });
    expect(latest).toMatchObject({ runId: trained, kind: 'perceiver' });
    expect(latest.values?.Surprise).toBeCloseTo(0.56, 6);
    expect(latest.runs.map((run) => [run.id, run.kind])).toEqual([
      [prior, 'prior'],
      [trained, 'perceiver'],
    ]);
    expect(await callApi(ctx, 'fusion.clipPrediction', { clip: clipId, run: prior })).toMatchObject({ runId: prior, kind: 'prior' });
    // A remembered run that did not predict this clip falls back to the default rather than showing nothing.
    const elsewhere = finishedRun('perceiver', 0.9, [otherClip]);
    expect(await callApi(ctx, 'fusion.clipPrediction', { clip: clipId, run: elsewhere })).toMatchObject({ runId: trained });
  });
});

describe('labels.save of an accepted prediction', () => {
  it('records the source accepted:<run> for each value it changed', async () => {
    const runId = finishedRun('prior', 0.2, [clipId]);
    const saved = await callApi(ctx, 'labels.save', { clip: clipId, values: { ...vector(0), Fear: 0.26 }, expectedVersion: 0, acceptedFromRun: runId });
    expect(saved.history.find((edit) => edit.emotion === 'Fear')).toMatchObject({ newValue: 0.26, editedBy: 'ana', source: `accepted:${runId}` });
  });

  it('refuses an acceptance that names no run, and stores nothing', async () => {
    await expect(callApi(ctx, 'labels.save', { clip: clipId, values: vector(0), expectedVersion: 0, acceptedFromRun: 99 })).rejects.toMatchObject({ code: 'runs/not-found' });
    expect((await callApi(ctx, 'labels.get', { clip: clipId })).version).toBe(0);
  });
});
