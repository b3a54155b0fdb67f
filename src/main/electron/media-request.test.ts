// viper-media:// requests on a real database and the real fixture video: only clip/<id> of an imported
// clip is served, with Range; no URL form reaches another file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext, type ApiContext } from '../api/context';
import { fixture, makeTempDir } from '../test-support/fixtures';
import { bytesOf } from '../test-support/media-body';
import { storeClip } from '../test-support/stored-clip';
import { mediaClipIdOf, mediaProtocolResponse } from './media-request';

const VIDEO = fixture('single_face.mp4');
const videoBytes = readFileSync(VIDEO);

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let clipId: number;

beforeAll(() => {
  temp = makeTempDir('viper-media-request-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', env: {} });
  clipId = storeClip(ctx, 'single_face', VIDEO);
  // A file beside the database that no clip names: nothing may reach it.
  writeFileSync(join(temp.dir, 'secret.txt'), 'secret');
});

afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('viper-media:// requests', () => {
  it("serves an imported clip's file whole, and a range as 206 with exactly those bytes", async () => {
    const whole = await mediaProtocolResponse(ctx.db, `viper-media://clip/${clipId}`, undefined);
    expect(whole.status).toBe(200);
    expect(whole.headers['Content-Type']).toBe('video/mp4');
    expect((await bytesOf(whole.body)).equals(videoBytes)).toBe(true);
    const part = await mediaProtocolResponse(ctx.db, `viper-media://clip/${clipId}`, 'bytes=100-199');
    expect(part.status).toBe(206);
    expect((await bytesOf(part.body)).equals(videoBytes.subarray(100, 200))).toBe(true);
  });

  it.each([
    [`viper-media://clip/${1}/../../secret.txt`],
    ['viper-media://clip/..%2f..%2fsecret.txt'],
    ['viper-media://clip/%2Ftmp%2Fsecret.txt'],
    ['viper-media://clip/1%2f2'],
    ['viper-media://clip/1/2'],
    ['viper-media://clip/1?path=/etc/passwd'],
    ['viper-media://other/1'],
    ['viper-media://clip:80/1'],
    ['viper-media://user@clip/1'],
    ['file:///etc/passwd'],
    ['viper-media://clip/999'],
    ['viper-media://clip/0'],
    ['viper-media://clip/1.5'],
    ['viper-media://clip/'],
    ['not a url'],
  ])('serves nothing for %s', async (url) => {
    const response = await mediaProtocolResponse(ctx.db, url, undefined);
    expect(response.status).toBe(404);
    expect(typeof response.body).toBe('string');
    expect(await bytesOf(response.body)).not.toContain('secret');
  });

  it('reads the id only from viper-media://clip/<id>', () => {
    expect(mediaClipIdOf('viper-media://clip/42')).toBe('42');
    expect(mediaClipIdOf('viper-media://clip/42/')).toBeNull();
    expect(mediaClipIdOf('viper-media://clip/42#t=3')).toBe('42');
    // The preload writes the address in lower case; a host in other case is another host.
    expect(mediaClipIdOf('viper-media://CLIP/42')).toBeNull();
    expect(mediaClipIdOf('https://clip/42')).toBeNull();
  });
});
