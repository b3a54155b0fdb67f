// `viper serve` over real HTTP on port 0, with a real database and the real fixture video.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
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
let originClipId: number;

beforeAll(async () => {
  temp = makeTempDir('viper-host-');
  // The renderer folder sits beside the database, so an escape from it would reach viper.db.
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
  clipId = storeClip(ctx, 'single_face', VIDEO);
  movedClipId = storeClip(ctx, 'gone', join(temp.dir, 'gone.mp4'));
  originClipId = storeClip(ctx, 'origin', VIDEO);
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

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request through node:http, which sends the headers it is given (fetch adds or forbids some). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The request line exactly as written, over a plain socket: nothing normalises the path on the way. */
function rawGet(target: string): Promise<{ status: number; text: string }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

const corsHeaders = (headers: RawAnswer['headers']): string[] => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

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
    expect(await response.json()).toMatchObject({ ok: true, value: { total: 3 } });
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

  it('serves the page without the token, under the strict CSP', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>t</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  // The database sits beside the renderer folder: each of these request lines, sent as written (fetch
  // would normalise them), names ../viper.db (or, climbing past the root, /etc/passwd) once decoded.
  it.each([['/%2e%2e%2fviper.db'], ['/..%2fviper.db'], ['/%2E%2E%2Fviper.db'], ['/assets/..%2f..%2fviper.db'], [`/${'..%2f'.repeat(20)}etc%2fpasswd`]])(
    'serves nothing outside its folder for the raw request line GET %s',
    async (target) => {
      const answer = await rawGet(target);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('SQLite format 3');
      expect(answer.text).not.toContain('root:');
    },
  );
});

describe('viper serve: Origin', () => {
  const save = (origin: string, editedBy: string): Promise<RawAnswer> =>
    send('POST', '/api/labels.save', { 'Content-Type': 'application/json', 'X-Viper-Token': host.token, Origin: origin }, JSON.stringify({ clip: originClipId, values: halves, expectedVersion: 0, editedBy }));

  it.each([['http://evil.example'], ['null'], [`http://127.0.0.1:1`], ['https://127.0.0.1'], ['file://']])('refuses a call from the page of origin %s before it runs, token or not', async (origin) => {
    const answer = await save(origin, 'intruder');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ ok: false, error: { code: 'api/foreign-origin', message: expect.stringContaining(`Origin "${origin}" is not this server`) } });
    // Nothing was saved.
    const labels = await api('labels.get', { clip: originClipId });
    expect(await labels.json()).toMatchObject({ value: { version: 0, values: null } });
  });

  it('refuses a foreign Origin on the events stream, the media and the page too', async () => {
    const foreign = { Origin: 'http://evil.example' };
    expect((await send('GET', `/api/events?token=${host.token}&client=x`, foreign)).status).toBe(403);
    expect((await send('GET', `/media/${clipId}?token=${host.token}`, foreign)).status).toBe(403);
    expect((await send('GET', '/', foreign)).status).toBe(403);
  });

  it("answers a call that carries the server's own origin, by either loopback name", async () => {
    const port = new URL(host.origin).port;
    expect((await save(host.origin, 'window-1')).status).toBe(200);
    const again = await send('POST', '/api/clips.list', { 'Content-Type': 'application/json', 'X-Viper-Token': host.token, Origin: `http://localhost:${port}` }, '{}');
    expect(again.status).toBe(200);
  });
});

describe('viper serve: what the README promises', () => {
  it('sends no CORS headers, to a preflight or to a call', async () => {
    const preflight = await send('OPTIONS', '/api/clips.list', { 'X-Viper-Token': host.token, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-viper-token' });
    expect(preflight.status).toBe(405);
    expect(corsHeaders(preflight.headers)).toEqual([]);
    const call = await send('POST', '/api/clips.list', { 'Content-Type': 'application/json', 'X-Viper-Token': host.token }, '{}');
    expect(call.status).toBe(200);
    expect(corsHeaders(call.headers)).toEqual([]);
    const media = await send('GET', `/media/${clipId}?token=${host.token}`, { Range: 'bytes=0-9' });
    expect(media.status).toBe(206);
    expect(corsHeaders(media.headers)).toEqual([]);
  });

  it.each([['GET'], ['OPTIONS'], ['PUT'], ['DELETE']])('answers %s on /api/<call> with 405 and Allow: POST', async (method) => {
    const answer = await send(method, '/api/clips.list', { 'X-Viper-Token': host.token });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ ok: false, error: { code: 'api/invalid-input' } });
  });

  it('refuses the events stream without the token, or with a wrong one', async () => {
    const none = await send('GET', '/api/events?client=page-x', {});
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body.toString())).toMatchObject({ error: { code: 'api/unauthorized' } });
    expect(none.headers['content-type']).not.toContain('text/event-stream');
    expect((await send('GET', `/api/events?client=page-x&token=${'x'.repeat(43)}`, {})).status).toBe(401);
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
  /** A page's event stream: collects the progress events it receives until stopped. */
  async function openEvents(client: string): Promise<{ received: ProgressEvent[]; stop: () => Promise<void> }> {
    const events = await fetch(`${host.origin}/api/events?token=${host.token}&client=${client}`);
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
    return {
      received,
      stop: async () => {
        await reader.cancel();
        await reading;
      },
    };
  }

  it('pushes the progress of a call to the page that made it, and to no other page', async () => {
    const page1 = await openEvents('page-1');
    const page2 = await openEvents('page-2');
    const first = await api('clips.import', { paths: [fixture('no_face.mp4')] }, { 'X-Viper-Client': 'page-1' });
    expect(first.status).toBe(200);
    const second = await api('clips.import', { paths: [fixture('no_face.mp4')] }, { 'X-Viper-Client': 'page-2' });
    expect(second.status).toBe(200);
    // Each page's stream is open and working (it received its own call's events) before the other's are checked.
    await expect.poll(() => page2.received.length).toBeGreaterThan(0);
    await page1.stop();
    await page2.stop();

    const jobOf = async (response: Response): Promise<number> => ((await response.json()) as { value: { jobId: number } }).value.jobId;
    const [job1, job2] = [await jobOf(first), await jobOf(second)];
    expect(job1).not.toBe(job2);
    expect(page1.received.length).toBeGreaterThan(0);
    expect(page1.received[0]).toMatchObject({ call: 'clips.import', total: 1 });
    expect(page1.received.map((event) => event.jobId)).toEqual(page1.received.map(() => job1));
    expect(page2.received.map((event) => event.jobId)).toEqual(page2.received.map(() => job2));
  });
});
