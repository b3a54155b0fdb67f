// The desktop app's viper-media:// answers as a plain function (no Electron) on a real database, with a
// clip imported by the real ffmpeg through a symbolic link, then changed behind its back: the same story
// as viper serve's (host/media-identity.int.test.ts), through the protocol's own function.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHttpStatus, type ErrorInfo } from '../../shared/errors';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import type { MediaResponse } from '../media/clip-media';
import { makeTempDir } from '../test-support/fixtures';
import { bytesOf } from '../test-support/media-body';
import { makeLinkedClip, type LinkedClip } from '../test-support/linked-clip';
import { mediaProtocolResponse } from './media-request';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clip: LinkedClip;
let clipId: number;

beforeAll(async () => {
  temp = makeTempDir('viper-media-request-identity-');
  clip = makeLinkedClip(temp.dir);
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', env: {} });
  const report = await callApi(ctx, 'clips.import', { paths: [clip.link] });
  clipId = report.imported[0]?.clipId ?? 0;
}, 60_000);

afterAll(() => {
  ctx.close();
  temp.cleanup();
});

const request = (range?: string): Promise<MediaResponse> => mediaProtocolResponse(ctx.db, `viper-media://clip/${clipId}`, range);

async function expectServed(range?: [number, number]): Promise<void> {
  const response = await request(range ? `bytes=${range[0]}-${range[1]}` : undefined);
  expect(response.status).toBe(range ? 206 : 200);
  expect((await bytesOf(response.body)).equals(range ? clip.original.subarray(range[0], range[1] + 1) : clip.original)).toBe(true);
}

async function expectRefused(code: 'media/changed' | 'media/not-found'): Promise<ErrorInfo> {
  const response = await request('bytes=0-99');
  expect(response.status).toBe(errorHttpStatus(code));
  expect(response.headers['Content-Type']).toContain('application/json');
  const { error } = JSON.parse((await bytesOf(response.body)).toString()) as { error: ErrorInfo };
  expect(error).toMatchObject({ code, subject: clip.real });
  return error;
}

const fileState = async (): Promise<string> => (await callApi(ctx, 'clips.list', {})).clips.find((listed) => listed.id === clipId)?.fileState ?? 'absent';

describe('viper-media:// of a clip imported through a link', () => {
  it('serves the file the link named at import after the link is re-pointed', async () => {
    expect(await callApi(ctx, 'clips.get', { clip: clipId })).toMatchObject({ path: clip.real, importPath: clip.link });
    clip.repointLink();
    await expectServed();
    await expectServed([100, 199]);
  });

  it('serves a touched file with the same content', async () => {
    clip.touch();
    await expectServed([0, 99]);
    expect(await fileState()).toBe('ok');
  });

  it('refuses another video in its place, and the clip reads moved or changed', async () => {
    clip.replaceContent();
    const error = await expectRefused('media/changed');
    expect(error.message).toMatch(/moved or changed since it was imported.*npx viper import/);
    expect(await fileState()).toBe('moved-or-changed');
  });

  it('refuses a moved file, and serves it again once re-imported from its new place', async () => {
    clip.restoreContent();
    await expectServed();
    const newPlace = clip.moveAway();
    await expectRefused('media/not-found');
    const report = await callApi(ctx, 'clips.import', { paths: [newPlace] });
    expect(report.relocated).toEqual([{ path: newPlace, clipId }]);
    await expectServed();
    expect(await fileState()).toBe('ok');
  });
});
