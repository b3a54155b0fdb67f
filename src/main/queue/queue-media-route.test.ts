/**
 * The workstation's media route for queue workers, over real HTTP on port 0: a queued clip's file for the
 * run's token, nothing for a wrong token or a clip outside the run, and no route for a bad address.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViperError } from '../../shared/errors';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { fixture, makeTempDir } from '../test-support/fixtures';
import { parseMediaAddress, startMediaRoute, type MediaRoute } from './queue-media-route';

const temp = makeTempDir();
let ctx: ApiContext;
let route: MediaRoute;
let queued: number;
let other: number;

beforeAll(async () => {
  ctx = createApiContext(join(temp.dir, 'route.db'));
  const report = await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), fixture('no_face.mp4')], sampling: { frameCount: 2 } });
  const ids = Object.fromEntries(report.imported.map((item) => [item.path, item.clipId]));
  queued = ids[fixture('single_face.mp4')] as number;
  other = ids[fixture('no_face.mp4')] as number;
  route = await startMediaRoute(ctx.db, '127.0.0.1:0', new Set([queued]));
}, 120_000);
afterAll(async () => {
  await route.close();
  ctx.close();
  temp.cleanup();
});

describe('the media route of a queued run', () => {
  it("serves a queued clip's file, byte for byte, for the run's token", async () => {
    const response = await fetch(route.urlFor(queued, 'video'));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(fixture('single_face.mp4')))).toBe(true);
  });

  it('refuses a wrong token, a clip outside the run, a clip without sidecar audio and a path that is not a media address', async () => {
    const url = new URL(route.urlFor(queued, 'video'));
    url.searchParams.set('token', 'guess');
    expect((await fetch(url)).status).toBe(401);
    const outside = await fetch(route.urlFor(queued, 'video').replace(`/media/${queued}/`, `/media/${other}/`));
    expect([outside.status, await outside.text()]).toEqual([403, `clip ${other} is not queued in this run: the token opens this run's clips only.`]);
    const audio = await fetch(route.urlFor(queued, 'audio'));
    expect([audio.status, await audio.text()]).toEqual([404, 'clip single_face has no sidecar audio.']);
    expect((await fetch(route.urlFor(queued, 'video').replace('/video?', '/../../etc/passwd?'))).status).toBe(404);
  });

  it('refuses an address that is not host:port', () => {
    for (const text of ['8765', 'host:', ':8765', 'host:70000']) expect(() => parseMediaAddress(text)).toThrow(ViperError);
    expect(parseMediaAddress('[::1]:8765')).toEqual({ host: '::1', port: 8765 });
  });
});
