/**
 * Aborted downloads must not leak descriptors (a <video> aborts one on every seek). The host runs in a
 * child process under `ulimit -n 128`, so a leak reaches EMFILE within the test: the real clip and a
 * 4 MB asset are requested with Range over real sockets that are destroyed at once, 300 times, and then
 * the server must still answer, with its open descriptors back near where they started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';

const DESCRIPTOR_LIMIT = 128;
const ABORTS = 300;

let temp: ReturnType<typeof makeTempDir>;
let child: ChildProcess;
let origin: URL;
let token: string;
let clipId: number;
let exitCode: number | null = null;
let childErr = '';

beforeAll(async () => {
  temp = makeTempDir('viper-aborts-');
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  // Bigger than the loopback socket's buffers, so an aborted download is cut off mid-file.
  writeFileSync(join(rendererDir, 'assets', 'big.js'), randomBytes(4 << 20));
  const dbPath = join(temp.dir, 'viper.db');
  const ctx = createApiContext(dbPath, { actor: 'tester' });
  clipId = storeClip(ctx, 'wolfgang', fixture('WolfgangLanger_Pexels.mp4'));
  ctx.close();

  const entry = join(REPO_ROOT, 'src/main/host/serve.test-child.ts');
  child = spawn('bash', ['-c', `ulimit -n ${DESCRIPTOR_LIMIT} && exec node --import tsx "$0" "$1" "$2"`, entry, dbPath, rendererDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code) => (exitCode = code ?? -1));
  child.stderr!.on('data', (chunk: Buffer) => (childErr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', () => reject(new Error(`the host exited before it started: ${childErr}`)));
  });
  const started = JSON.parse(line) as { origin: string; token: string };
  origin = new URL(started.origin);
  token = started.token;
}, 60_000);

afterAll(() => {
  if (exitCode === null) child.kill('SIGTERM');
  temp.cleanup();
});

function openDescriptors(): number {
  if (exitCode !== null) throw new Error(`the host exited (code ${exitCode}): ${childErr.slice(-2000)}`);
  return readdirSync(`/proc/${child.pid}/fd`).length;
}

/** Sends a Range request on a raw socket and destroys the socket as soon as the response begins. */
function abortedDownload(path: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: origin.hostname, port: Number(origin.port) }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${origin.host}\r\nRange: bytes=0-\r\n\r\n`);
    });
    socket.once('data', () => socket.destroy());
    socket.once('error', () => resolve());
    socket.once('close', () => resolve());
  });
}

async function settledDescriptors(): Promise<number> {
  // Closing a file is asynchronous: give the server a moment, then read the count until it is steady.
  let last = -1;
  for (let i = 0; i < 20; i += 1) {
    await sleep(100);
    const now = openDescriptors();
    if (now === last) return now;
    last = now;
  }
  return last;
}

describe('viper serve: aborted downloads', () => {
  it(`closes the file of every aborted download (${ABORTS} of them, under ulimit -n ${DESCRIPTOR_LIMIT}) and keeps answering`, async () => {
    const media = `/media/${clipId}?token=${token}`;
    const asset = '/assets/big.js';
    // One complete answer of each first, and one call on each worker thread (which open the database
    // as they start), so descriptors opened lazily are part of the baseline.
    const offLoopCall = (): Promise<Response> =>
      fetch(new URL('/api/annotators.agreement', origin), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token }, body: '{}' });
    // Two threads loading the whole core at once can touch the low limit themselves (a thread that fails
    // to load answers 500 and is replaced on the next call), so the warm-up may take a second round.
    let statuses: number[] = [];
    for (let round = 1; round <= 3; round += 1) {
      const answers = await Promise.all([offLoopCall(), offLoopCall()]);
      statuses = answers.map((response) => response.status);
      if (statuses.every((status) => status === 200)) break;
      console.log(`warm-up round ${round}: ${statuses.join(', ')}: ${(await Promise.all(answers.map((response) => response.text()))).join(' ')}`);
    }
    expect(statuses).toEqual([200, 200]);
    expect((await fetch(new URL(media, origin))).status).toBe(200);
    expect((await fetch(new URL(asset, origin))).status).toBe(200);
    const baseline = await settledDescriptors();

    for (let i = 0; i < ABORTS; i += 1) await abortedDownload(i % 2 === 0 ? media : asset);
    const after = await settledDescriptors();
    console.log(`open descriptors: ${baseline} before, ${after} after ${ABORTS} aborted downloads (limit ${DESCRIPTOR_LIMIT})`);

    expect(exitCode, `the host exited: ${childErr}`).toBeNull();
    expect(after).toBeLessThanOrEqual(baseline + 4);
    const part = await fetch(new URL(media, origin), { headers: { Range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(new URL(asset, origin))).status).toBe(200);
  }, 120_000);
});
