// `viper serve` serves a clip's video only while it is the file imported: a real host on port 0, a real
// database, a clip imported with the real ffmpeg through a symbolic link, then changed behind its back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api';
import { EMOTIONS } from '../../shared/emotions';
import { errorHttpStatus, type ErrorInfo } from '../../shared/errors';
import { createApiContext, type ApiContext } from '../api/context';
import { readIdentity } from '../media/file-identity';
import { ClipFilesStore } from '../store/clip-files-store';
import { makeTempDir } from '../test-support/fixtures';
import { makeLinkedClip, type LinkedClip } from '../test-support/linked-clip';
import { startHost, type RunningHost } from './server';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let host: RunningHost;
let clip: LinkedClip;
let clipId: number;

async function api<T>(call: string, body: unknown): Promise<T> {
  const response = await fetch(`${host.origin}/api/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Viper-Token': host.token },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: ErrorInfo };
  if (!result.ok) throw new Error(`${call}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const media = (headers: Record<string, string> = {}): Promise<Response> => fetch(`${host.origin}/media/${clipId}?token=${host.token}`, { headers });

async function expectServed(range?: [number, number]): Promise<void> {
  const response = await media(range ? { Range: `bytes=${range[0]}-${range[1]}` } : {});
  expect(response.status).toBe(range ? 206 : 200);
  const expected = range ? clip.original.subarray(range[0], range[1] + 1) : clip.original;
  expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true);
}

async function expectRefused(code: 'media/changed' | 'media/not-found'): Promise<ErrorInfo> {
  const response = await media({ Range: 'bytes=0-99' });
  expect(response.status).toBe(errorHttpStatus(code));
  const body = (await response.json()) as { ok: false; error: ErrorInfo };
  expect(body.error).toMatchObject({ code, subject: clip.real });
  return body.error;
}

const listed = async (): Promise<ApiOutput<'clips.list'>['clips'][number] | undefined> =>
  (await api<ApiOutput<'clips.list'>>('clips.list', {})).clips.find((listedClip) => listedClip.id === clipId);

beforeAll(async () => {
  temp = makeTempDir('viper-media-identity-');
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  clip = makeLinkedClip(temp.dir);
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
  host = await startHost({ ctx, rendererDir, port: 0 });
  const report = await api<ApiOutput<'clips.import'>>('clips.import', { paths: [clip.link] });
  expect(report.imported).toHaveLength(1);
  clipId = report.imported[0]?.clipId ?? 0;
  await api('labels.save', { clip: clipId, values: Object.fromEntries(EMOTIONS.map((e) => [e, 0.25])), expectedVersion: 0, editedBy: 'ana' });
}, 60_000);

afterAll(async () => {
  await host.close();
  ctx.close();
  temp.cleanup();
});

describe('viper serve: a clip imported through a link is served only while its file is the one imported', () => {
  it('stores the real path and the file identity at import, the link as the path given', async () => {
    const shown = await api<ApiOutput<'clips.get'>>('clips.get', { clip: clipId });
    expect(shown).toMatchObject({ fileId: '00042', path: clip.real, importPath: clip.link, fileState: 'ok', fileProblem: null });
    expect(new ClipFilesStore(ctx.db).file(clipId)?.identity).toEqual(await readIdentity(clip.real));
  });

  it('serves the file imported after the link is re-pointed to another video', async () => {
    clip.repointLink();
    await expectServed();
    await expectServed([1000, 1999]);
  });

  it('serves a touched file (same content) and records its new identity, so the next requests need no hash', async () => {
    clip.touch();
    await expectServed([0, 99]);
    expect(new ClipFilesStore(ctx.db).file(clipId)?.identity).toEqual(await readIdentity(clip.real));
    await expectServed();
  });

  it('refuses another video written in its place with media/changed, and the clip lists as moved or changed', async () => {
    clip.replaceContent();
    const error = await expectRefused('media/changed');
    expect(error.message).toContain(clip.real);
    expect(error.message).toContain('npx viper import');
    // Requests of a seeking <video> while it is changed: each refused (the verdict is kept for this identity).
    const again = await Promise.all([media({ Range: 'bytes=0-9' }), media({ Range: 'bytes=500-599' })]);
    expect(again.map((response) => response.status)).toEqual([409, 409]);
    expect(await listed()).toMatchObject({ fileState: 'moved-or-changed' });
    expect((await api<ApiOutput<'clips.get'>>('clips.get', { clip: clipId })).fileProblem).toMatch(/moved or changed since it was imported/);
  });

  it('serves it again once the original content is back', async () => {
    clip.restoreContent();
    await expectServed();
    expect(await listed()).toMatchObject({ fileState: 'ok' });
  });

  it('refuses a moved file, and re-importing it from its new place relocates the clip with its labels and history', async () => {
    const labelsBefore = await api<ApiOutput<'labels.get'>>('labels.get', { clip: clipId });
    const newPlace = clip.moveAway();
    await expectRefused('media/not-found');
    expect(await listed()).toMatchObject({ fileState: 'moved-or-changed' });

    const report = await api<ApiOutput<'clips.import'>>('clips.import', { paths: [newPlace] });
    expect(report).toMatchObject({ imported: [], relocated: [{ path: newPlace, clipId }] });
    await expectServed();
    expect(await listed()).toMatchObject({ id: clipId, path: newPlace, importPath: null, fileState: 'ok' });
    expect(await api<ApiOutput<'labels.get'>>('labels.get', { clip: clipId })).toEqual(labelsBefore);
  });
});
