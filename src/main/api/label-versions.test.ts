/**
 * A clip's label history as saves: each edit carries the version of the save that made it, any version can
 * be restored (a new save), another annotator's values can be adopted as gold, and names are refused when
 * empty, too long or holding control characters. Real SQLite file.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { numberEditsBySave, valuesAtVersion } from '../store/label-versions';
import { makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { createApiContext, type ApiContext } from './context';
import { callApi } from './handlers';

const values = (level: number, overrides: Partial<EmotionVector> = {}): EmotionVector => ({ ...(Object.fromEntries(EMOTIONS.map((e) => [e, level])) as EmotionVector), ...overrides });

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipId: number;
let clock = 0;

beforeEach(() => {
  temp = makeTempDir('viper-versions-');
  // A clock that moves on with every call, as saves by people do.
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'ana', env: {}, now: () => new Date(Date.UTC(2026, 11, 1, 9, 0, clock++)).toISOString() });
  clipId = storeClip(ctx, '00001', join(temp.dir, '00001.mp4'));
});
afterEach(() => {
  ctx.close();
  temp.cleanup();
});

describe('the history by save', () => {
  it('numbers each edit with its save, the newest save being the current version', async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5), expectedVersion: 0 });
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5, { Fear: 0.9, Anxiety: 0.7 }), expectedVersion: 1, editedBy: 'bo' });
    const third = await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5, { Fear: 0.2, Anxiety: 0.7 }), expectedVersion: 2 });
    expect(third.version).toBe(3);
    expect(third.history.map((edit) => edit.version)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 3]);
    expect(third.history.filter((edit) => edit.version === 2).map((edit) => [edit.emotion, edit.editedBy])).toEqual([
      ['Anxiety', 'bo'],
      ['Fear', 'bo'],
    ]);
  });

  it('counts from the newest save when older saves left no history', () => {
    const edit = (emotion: string, editedAt: string) => ({ emotion, oldValue: 0, newValue: 1, editedBy: 'x', editedAt, source: 'ui' });
    const numbered = numberEditsBySave([edit('Fear', 't1'), edit('Anxiety', 't1'), edit('Fear', 't2')], 7);
    expect(numbered.map((e) => e.version)).toEqual([6, 6, 7]);
    expect(valuesAtVersion(numbered, 6)).toMatchObject({ Fear: 1, Anxiety: 1, Surprise: null });
  });
});

describe('labels.restore', () => {
  it('saves the values of an earlier version as a new save, recorded as restored:<version>', async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5), expectedVersion: 0 });
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5, { Fear: 0.9 }), expectedVersion: 1 });
    const restored = await callApi(ctx, 'labels.restore', { clip: clipId, version: 1, expectedVersion: 2, editedBy: 'cy' });
    expect(restored).toMatchObject({ version: 3, values: values(0.5) });
    expect(restored.history.at(-1)).toMatchObject({ emotion: 'Fear', oldValue: 0.9, newValue: 0.5, editedBy: 'cy', source: 'restored:1', version: 3 });
    // The history keeps everything: restoring is a save, never a rewind.
    expect(restored.history).toHaveLength(9);
  });

  it('refuses a version that is not in the history, and a stale one, changing nothing', async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5), expectedVersion: 0 });
    await expect(callApi(ctx, 'labels.restore', { clip: clipId, version: 4, expectedVersion: 1 })).rejects.toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('no recorded save 4 (recorded: 1)') });
    await expect(callApi(ctx, 'labels.restore', { clip: clipId, version: 1, expectedVersion: 0 })).rejects.toMatchObject({ code: 'labels/conflict' });
    expect((await callApi(ctx, 'labels.get', { clip: clipId })).version).toBe(1);
  });
});

describe('labels.adopt', () => {
  it("makes an annotator's values the gold labels, recorded as adopted:<annotator>, and lists who labelled the clip", async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.1), expectedVersion: 0 });
    await callApi(ctx, 'labels.save', { clip: clipId, annotator: 'rater-2', values: values(0.3, { Surprise: 0.8 }), expectedVersion: 0, editedBy: 'rater-2' });
    const gold = await callApi(ctx, 'labels.adopt', { clip: clipId, from: 'rater-2', expectedVersion: 1 });
    expect(gold).toMatchObject({ annotator: 'gold', version: 2, values: values(0.3, { Surprise: 0.8 }), annotators: ['gold', 'rater-2'] });
    expect(gold.history.at(-1)).toMatchObject({ editedBy: 'ana', source: 'adopted:rater-2' });
    await expect(callApi(ctx, 'labels.adopt', { clip: clipId, from: 'nobody', expectedVersion: 2 })).rejects.toMatchObject({ code: 'labels/bad-value' });
  });
});

describe('names', () => {
  it('refuses an empty, too long or control-character name, and trims spaces', async () => {
    for (const editedBy of ['', '   ', 'x'.repeat(500), 'ana\u0007', 'ana\nbo', 'a\tb']) {
      await expect(callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5), expectedVersion: 0, editedBy })).rejects.toMatchObject({ code: 'api/invalid-input' });
    }
    await expect(callApi(ctx, 'labels.get', { clip: clipId, annotator: 'bad\u001b[31m' })).rejects.toMatchObject({ code: 'api/invalid-input' });
    const saved = await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.5), expectedVersion: 0, editedBy: '  Ana Lima  ' });
    expect(saved.updatedBy).toBe('Ana Lima');
  });
});
