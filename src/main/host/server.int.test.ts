// `viper serve` over real HTTP on port 0, with a real database and the real fixture video.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/api';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { fixture, makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { startHost, type RunningHost } from './server';

const VIDEO = fixture('single_face.mp4');
const videoBytes = readFileSync(VIDEO);
const halves = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, 0.5]));

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let host: RunningHost;
let clipId: number;
let movedClipId: number;

beforeAll(async () => {
  temp = makeTempDir('viper-host-');
  // The renderer folder sits beside the database, so an escape from it would reach viper.db.
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
  clipId = storeClip(ctx, 'single_face', VIDEO);
  movedClipId = storeClip(ctx, 'gone', join(temp.dir, 'gone.mp4'));
  host = await startHost({ ctx, rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  ctx.close();
  temp.cleanup();
});

function api(call: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${host.origin}/api/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Viper-Token': host.token, ...headers },
    body: JSON.stringify(body),
  });
}

describe('viper serve: token and origin', () => {
  it('listens on loopback and prints an address with the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const none = await fetch(`${host.origin}/api/clips.list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'api/unauthorized' } });
    expect((await api('clips.list', {}, { 'X-Viper-Token': 'x'.repeat(43) })).status).toBe(401);
  });

  it('answers with the token', async () => {
    const response = await api('clips.list', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { total: 2 } });
  });

  it('refuses a Host that is not its loopback address (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(host.origin);
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/', headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves the page without the token, under the strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`${host.origin}/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${host.origin}/%2e%2e/viper.db`)).status).toBe(404);
    expect((await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});

describe('viper serve: API errors', () => {
  it('rejects malformed input with the schema error naming the field', async () => {
    const response = await api('clips.list', { limit: 'ten' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; subject: string; message: string } };
    expect(body.error).toMatchObject({ code: 'api/invalid-input', subject: 'limit' });
    expect(body.error.message).toContain('limit:');
  });

  it('rejects a body that is not JSON, and unknown calls', async () => {
    const broken = await fetch(`${host.origin}/api/clips.list`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': host.token }, body: '{"limit":' });
    expect(broken.status).toBe(400);
    const form = await fetch(`${host.origin}/api/clips.list`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Viper-Token': host.token }, body: '{}' });
    expect(form.status).toBe(400);
    const unknown = await api('clips.delete', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'api/unknown-call' } });
  });

  it('answers a stale label save with 409 labels/conflict', async () => {
    expect((await api('labels.save', { clip: clipId, values: halves, expectedVersion: 0, editedBy: 'window-1' })).status).toBe(200);
    const stale = await api('labels.save', { clip: clipId, values: halves, expectedVersion: 0, editedBy: 'window-2' });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: { code: 'labels/conflict', message: expect.stringContaining('window-1 saved') } });
  });
});

describe('viper serve: media', () => {
  const media = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${host.origin}/media/${path}`, { headers });

  it('serves a clip whole, and a byte range as 206 with exactly those bytes', async () => {
    const whole = await media(`${clipId}?token=${host.token}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(videoBytes)).toBe(true);

    const part = await media(`${clipId}?token=${host.token}`, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${videoBytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(videoBytes.subarray(1000, 2000))).toBe(true);

    const tail = await media(`${clipId}?token=${host.token}`, { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(videoBytes.subarray(videoBytes.length - 10))).toBe(true);

    const beyond = await media(`${clipId}?token=${host.token}`, { Range: `bytes=${videoBytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${videoBytes.length}`);
  });

  it('refuses media without the token', async () => {
    expect((await media(String(clipId))).status).toBe(401);
  });

  it.each([['999'], ['..%2F..%2Fetc%2Fpasswd'], ['%2Fetc%2Fpasswd'], ['1.5'], ['0']])('serves nothing for %s, which is not an imported clip', async (path) => {
    const response = await media(`${path}?token=${host.token}`);
    expect(response.status).toBe(404);
  });

  it('says so clearly when the clip file moved after import', async () => {
    const response = await media(`${movedClipId}?token=${host.token}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/gone\.mp4 is no longer there \(moved or deleted since it was imported\)/);
  });
});

describe('viper serve: progress events', () => {
  it('pushes the progress of a call to the page that made it', async () => {
    const events = await fetch(`${host.origin}/api/events?token=${host.token}&client=page-1`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    const received: ProgressEvent[] = [];
    const reading = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (const match of buffer.matchAll(/^data: (.*)$/gm)) received.push(JSON.parse(match[1] ?? '') as ProgressEvent);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
    })();
    const response = await api('clips.import', { paths: [fixture('no_face.mp4')] }, { 'X-Viper-Client': 'page-1' });
    expect(response.status).toBe(200);
    await reader.cancel();
    await reading;
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({ call: 'clips.import', total: 1 });
  });
});
