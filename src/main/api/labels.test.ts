import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { createApiContext, type ApiContext } from './context';
import { callApi } from './handlers';

const values = (level: number): EmotionVector => Object.fromEntries(EMOTIONS.map((emotion) => [emotion, level])) as EmotionVector;

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipId: number;

beforeEach(() => {
  temp = makeTempDir('viper-labels-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'ana', env: {} });
  clipId = storeClip(ctx, '00001', join(temp.dir, '00001.mp4'));
});

afterEach(() => {
  ctx.close();
  temp.cleanup();
});

describe('labels.get / labels.save', () => {
  it('starts at version 0 with no values, then saves and records who changed what', async () => {
    expect(await callApi(ctx, 'labels.get', { clip: clipId })).toMatchObject({ values: null, version: 0, history: [] });
    const saved = await callApi(ctx, 'labels.save', { clip: '00001', values: values(0.5), expectedVersion: 0 });
    expect(saved).toMatchObject({ clipId, annotator: 'gold', values: values(0.5), version: 1, updatedBy: 'ana' });
    expect(saved.history).toHaveLength(7);
    expect(saved.history[0]).toMatchObject({ emotion: 'Adoration', oldValue: null, newValue: 0.5, editedBy: 'ana', source: 'ui' });

    const again = await callApi(ctx, 'labels.save', { clip: clipId, values: { ...values(0.5), Fear: 0.9 }, expectedVersion: 1, editedBy: 'bo' });
    expect(again.version).toBe(2);
    expect(again.history.at(-1)).toMatchObject({ emotion: 'Fear', oldValue: 0.5, newValue: 0.9, editedBy: 'bo' });
  });

  it('refuses a save based on a stale version, showing the other author and their values', async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.2), expectedVersion: 0, editedBy: 'first-window' });
    const stale = callApi(ctx, 'labels.save', { clip: clipId, values: values(0.7), expectedVersion: 0, editedBy: 'second-window' });
    await expect(stale).rejects.toMatchObject({ code: 'labels/conflict', subject: 'expectedVersion' });
    await expect(stale).rejects.toThrow(/first-window saved these labels at .* \(version 1\) after you loaded version 0: Adoration 0\.20/);
    expect((await callApi(ctx, 'labels.get', { clip: clipId })).values).toEqual(values(0.2));
  });

  it('rejects out-of-range values naming the emotion, and unknown clips', async () => {
    await expect(callApi(ctx, 'labels.save', { clip: clipId, values: { ...values(0.5), Disgust: 1.5 }, expectedVersion: 0 })).rejects.toMatchObject({
      code: 'api/invalid-input',
      subject: 'values.Disgust',
    });
    await expect(callApi(ctx, 'labels.get', { clip: 'nope' })).rejects.toMatchObject({ code: 'clips/not-found' });
  });
});

describe('clips.get fileProblem', () => {
  it('says the video is gone and how to fix it when the file moved after import', async () => {
    const clip = await callApi(ctx, 'clips.get', { clip: clipId });
    expect(clip.fileProblem).toMatch(/00001\.mp4 is no longer there \(moved or deleted since it was imported\)\. Import it again/);
  });
});

describe('labels.save version checks', () => {
  it('refuses a version other than 0 on a clip with no labels yet, and stores nothing', async () => {
    const save = callApi(ctx, 'labels.save', { clip: clipId, values: values(0.4), expectedVersion: 999 });
    await expect(save).rejects.toMatchObject({ code: 'labels/conflict', subject: 'expectedVersion' });
    await expect(save).rejects.toThrow(/has no labels yet \(version 0\), but the save names version 999/);
    expect(await callApi(ctx, 'labels.get', { clip: clipId })).toMatchObject({ values: null, version: 0, history: [] });
  });

  it('refuses a version ahead of the stored one', async () => {
    await callApi(ctx, 'labels.save', { clip: clipId, values: values(0.2), expectedVersion: 0 });
    await expect(callApi(ctx, 'labels.save', { clip: clipId, values: values(0.3), expectedVersion: 5 })).rejects.toThrow(/\(version 1\) after you loaded version 5: Adoration 0\.20/);
    expect((await callApi(ctx, 'labels.get', { clip: clipId })).version).toBe(1);
  });
});

describe('unset is a state', () => {
  const unset = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, null])) as Record<(typeof EMOTIONS)[number], number | null>;

  it('stores the one emotion set, leaves the others unset, and exports them as empty cells', async () => {
    const saved = await callApi(ctx, 'labels.save', { clip: clipId, values: { ...unset, Disgust: 0.15 }, expectedVersion: 0 });
    expect(saved.values).toEqual({ ...unset, Disgust: 0.15 });
    expect(saved.history).toEqual([expect.objectContaining({ emotion: 'Disgust', oldValue: null, newValue: 0.15, version: 1 })]);
    // Not a complete labelling: metrics and training do not count it.
    expect((await callApi(ctx, 'store.status', {})).labelled).toBe(0);
    const exported = await callApi(ctx, 'labels.export', {});
    expect(exported.csv.trim().split('\n')[1]).toBe('00001,,,,,0.15,,,');

    // Clearing a value is a change too, recorded as such.
    const cleared = await callApi(ctx, 'labels.save', { clip: clipId, values: unset, expectedVersion: 1 });
    expect(cleared.values).toBeNull();
    expect(cleared.history.at(-1)).toMatchObject({ emotion: 'Disgust', oldValue: 0.15, newValue: null, version: 2 });
  });
});
