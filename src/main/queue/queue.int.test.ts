/**
 * Analysis over a queue, for real: a redis-server on a free loopback port, `viper worker` processes started
 * from bin/viper.js with the default pack's real models, and the workstation's `viper analyze --queue`
 * storing their results in a real SQLite file. One worker is killed with -9 mid-clip, Redis is killed mid-run,
 * a worker with another pack refuses; the stored features are compared byte for byte with a local analysis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { buildPack } from '../models/pack/build-pack';
import { resolveModelsDir } from '../models/pack/models-dir';
import { DEFAULT_TEMPLATES_PATH } from '../pipeline/caption-templates';
import { readClipAnalysis, readClipFeatures, readFrameAnalyses } from '../store/analysis-store';
import { ffmpegMake, fixture, FIXTURES_DIR, makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { freePort, startRedis, type TestRedis } from '../test-support/redis-server';
import { ANALYSIS_QUEUE } from './queue-connection';

const temp = makeTempDir();
const CLIPS = ['single_face', 'no_face', 'face_noface'];
/** Short locks so a killed worker's clip moves on within seconds. */
const LOCK_MS = '4000';
let redis: TestRedis;
const children: ChildProcess[] = [];

interface Spawned {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, from?: number): Promise<void>;
  exited: Promise<number | null>;
}

function viper(args: readonly string[], env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let text = '';
  const waiters: (() => void)[] = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    // Until the pattern shows after `from` characters, or the process ends (then the test's expectations say why).
    waitFor: (pattern, from = 0) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (pattern.test(text.slice(from)) || child.exitCode !== null) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        void exited.then(check);
        check();
      }),
  };
}

const worker = (extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Spawned => viper(['worker', '--queue', redis.url, '--lock-duration', LOCK_MS, ...extra], env);

/** A copy of the imported (not yet analysed) library, for one scenario. */
function library(name: string): ApiContext {
  const path = join(temp.dir, `${name}.db`);
  copyFileSync(join(temp.dir, 'base.db'), path);
  return createApiContext(path);
}

const contexts: ApiContext[] = [];
function open(name: string): ApiContext {
  const ctx = library(name);
  contexts.push(ctx);
  return ctx;
}

/** Every stored tensor of a clip as base64 of its bytes, and its frames as stored. */
async function stored(ctx: ApiContext, fileId: string): Promise<{ features: Record<string, string>; frames: unknown; analysis: unknown }> {
  const clip = await callApi(ctx, 'clips.get', { clip: fileId });
  const features = Object.fromEntries(readClipFeatures(ctx.db, clip.id).map((f) => [f.modality, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).toString('base64')]));
  const analysis = readClipAnalysis(ctx.db, clip.id);
  expect(Object.keys(features).length, `${fileId} analysed`).toBeGreaterThan(4);
  return { features, frames: readFrameAnalyses(ctx.db, clip.id), analysis: { ...analysis, analysedAt: undefined } };
}

let local: ApiContext;

beforeAll(async () => {
  await buildPack({ modelsDir: resolveModelsDir() });
  redis = await startRedis();
  const base = createApiContext(join(temp.dir, 'base.db'));
  // Four samples a clip: the same pipeline, a quarter of the work.
  await callApi(base, 'clips.import', { paths: CLIPS.map((name) => fixture(`${name}${name === 'face_noface' ? '.mov' : '.mp4'}`)), sampling: { frameCount: 4 } });
  base.close();
  local = open('local');
  const report = await callApi(local, 'clips.analyze', {});
  expect(report.analysed).toHaveLength(CLIPS.length);
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
  for (const ctx of contexts) ctx.close();
  temp.cleanup();
});

describe('viper analyze --queue with viper worker processes', () => {
  it('refuses a malformed, unreachable or password-needing queue address, and a worker without models, each saying what to do', async () => {
    const guarded = await startRedis({ password: 'lab-secret' });
    try {
      const dbArgs = ['--db', join(temp.dir, 'base.db')];
      const malformed = viper([...dbArgs, 'analyze', '--queue', 'localhost:6379']);
      const unreachable = viper([...dbArgs, 'analyze', '--queue', `redis://127.0.0.1:${await freePort()}`]);
      const password = viper([...dbArgs, 'analyze', '--queue', `redis://127.0.0.1:${guarded.port}`]);
      mkdirSync(join(temp.dir, 'no-models'));
      const noModels = viper(['worker', '--queue', redis.url], { VIPER_MODELS: join(temp.dir, 'no-models') });
      expect([await malformed.exited, await unreachable.exited, await password.exited, await noModels.exited]).toEqual([2, 3, 2, 3]);
      expect(malformed.output()).toContain('not a Redis address. Give it as redis://host:port');
      expect(unreachable.output()).toMatch(/cannot be reached \(connect ECONNREFUSED/);
      expect(password.output()).toContain('wants a password and none was given');
      expect(noModels.output()).toContain('the default model pack is not built. Run "npx viper models build"');
      for (const run of [malformed, unreachable, password, noModels]) expect(run.output()).not.toMatch(/internal error|at .*\.ts:\d+/);
    } finally {
      await guarded.stop();
    }
  }, 300_000);

  let workers: Spawned[] = [];

  it("a worker whose pack differs puts the clip back and stops; workers with the workstation's pack then analyse it", async () => {
    const ctx = open('mismatch');
    const analysing = callApi(ctx, 'clips.analyze', { clips: ['single_face'], queue: redis.url });
    const templates = join(temp.dir, 'templates.json');
    writeFileSync(templates, `${readFileSync(DEFAULT_TEMPLATES_PATH, 'utf8')}\n`);
    const other = worker([], { VIPER_CAPTIONS: templates });
    expect(await other.exited).toBe(3);
    expect(other.output()).toMatch(/clip single_face: the model pack in .* gives analysis signature .*, but the clip is to be analysed with/);
    expect(other.output()).toContain('worker stopped: 0 clips analysed, 0 failed');
    workers = [worker(), worker()];
    const report = await analysing;
    expect(report.failed).toEqual([]);
    expect(report.analysed.map((a) => a.fileId)).toEqual(['single_face']);
    expect(await stored(ctx, 'single_face')).toEqual(await stored(local, 'single_face'));
  }, 400_000);

  it('two workers, one killed with -9 mid-clip: the other takes its clip over, and the features equal a local analysis byte for byte', async () => {
    const ctx = open('killed');
    const marks = workers.map((w) => w.output().length);
    const analysing = callApi(ctx, 'clips.analyze', { queue: redis.url });
    await Promise.race(workers.map((w, i) => w.waitFor(/: started/, marks[i])));
    const victim = workers.findIndex((w, i) => /: started/.test(w.output().slice(marks[i])));
    const killed = workers[victim] as Spawned;
    const survivor = workers[1 - victim] as Spawned;
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBeNull();
    const report: AnalysisReport = await analysing;
    expect(report.failed).toEqual([]);
    expect(report.analysed.map((a) => a.fileId).sort()).toEqual([...CLIPS].sort());
    expect(report.queued?.workers).toEqual([`${hostname()}:${survivor.child.pid}`]);
    // The clip the killed worker held was started again by the survivor.
    const startedByKilled = killed.output().slice(marks[victim]).match(/clip (\S+) \(\d+\): started/)?.[1];
    expect(survivor.output()).toContain(`clip ${startedByKilled} `);
    for (const fileId of CLIPS) expect(await stored(ctx, fileId), fileId).toEqual(await stored(local, fileId));
    workers = [survivor];
  }, 400_000);

  it('a clip failing every attempt is recorded as failed with its error: media no worker can read and no media route', async () => {
    const ctx = open('unreadable');
    const copy = join(temp.dir, 'moved.mp4');
    // Its own bytes (a remux with a comment), so its own clip rather than single_face relocated.
    ffmpegMake(['-i', fixture('single_face.mp4'), '-c', 'copy', '-metadata', 'comment=moved', copy]);
    const imported = await callApi(ctx, 'clips.import', { paths: [copy], sampling: { frameCount: 4 } });
    const clipId = imported.imported[0]?.clipId as number;
    // The workstation still lists the clip; its file is gone from where every worker would read it.
    rmSync(copy);
    const report = await callApi(ctx, 'clips.analyze', { clips: ['moved'], queue: redis.url, attempts: 2 });
    expect(report.analysed).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ code: 'queue/media-unreachable' });
    expect(report.failed[0]?.message).toContain(`this worker cannot read ${copy} (ENOENT) and the workstation serves no media route`);
    expect(readClipFeatures(ctx.db, clipId)).toEqual([]);
    const status = await callApi(ctx, 'store.status', {});
    expect(status.jobs.find((j) => j.id === report.jobId)).toMatchObject({ state: 'done', failed: 1 });
    // Tried twice: once per attempt.
    expect(workers[0]?.output().match(new RegExp(`clip \\S+ \\(${clipId}\\): failed`, 'g'))).toHaveLength(2);
  }, 300_000);

  it('cancelling withdraws the clips no worker has taken, and the job says how to resume', async () => {
    for (const w of workers) {
      w.child.kill('SIGTERM');
      expect(await w.exited).toBe(0);
    }
    const ctx = open('cancelled');
    const abort = new AbortController();
    const queue = new Queue(ANALYSIS_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const analysing = callApi(ctx, 'clips.analyze', { queue: redis.url }, { signal: abort.signal });
      // No worker runs: the clips wait on Redis until the run is cancelled.
      while ((await queue.getWaitingCount()) < CLIPS.length) await new Promise((r) => setTimeout(r, 100));
      abort.abort();
      const report = await analysing;
      expect([report.cancelled, report.analysed.length]).toEqual([true, 0]);
      expect(await queue.getWaitingCount()).toBe(0);
      const job = (await callApi(ctx, 'store.status', {})).jobs[0];
      expect([job?.state, job?.resume?.command]).toEqual(['cancelled', `npx viper analyze --queue ${redis.url}`]);
    } finally {
      await queue.close();
    }
  }, 300_000);

  it('Redis going away mid-run stops the run with a clear error; the same command resumes, through the media route for a worker that cannot read the share', async () => {
    // This worker sees the share nowhere: every clip comes from the workstation's media route.
    const remote = worker(['--path-map', `${FIXTURES_DIR}=${join(temp.dir, 'not-mounted')}`]);
    await remote.waitFor(/waiting for clips/);
    const ctx = open('redis-gone');
    const analysing = callApi(ctx, 'clips.analyze', { queue: redis.url, mediaAddress: '127.0.0.1:0' });
    const outcome = analysing.then(
      () => null,
      (error: unknown) => error,
    );
    // Once the workstation has stored a first result, Redis goes.
    const ids = (await callApi(ctx, 'clips.list', {})).clips.map((c) => c.id);
    while (!ids.some((id) => readClipAnalysis(ctx.db, id)) && remote.child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    await redis.kill();
    const error = await outcome;
    expect(error).toBeInstanceOf(ViperError);
    expect((error as ViperError).code).toBe('queue/unreachable');
    expect((error as ViperError).message).toMatch(/It went away mid-run: \d clips were stored, \d are still out\. Run the same command again/);
    const status = await callApi(ctx, 'store.status', {});
    const job = status.jobs[0];
    expect(job?.state).toBe('failed');
    expect(job?.resume?.command).toBe(`npx viper analyze --queue redis://127.0.0.1:${redis.port} --media-address 127.0.0.1:0`);

    await redis.restart();
    const resumed = await callApi(ctx, 'clips.analyze', job?.resume?.input as never);
    expect(resumed.failed).toEqual([]);
    expect(resumed.skipped + resumed.analysed.length).toBe(CLIPS.length);
    expect(resumed.skipped).toBeGreaterThanOrEqual(1);
    expect(remote.output()).toContain('(media by route)');
    expect(remote.output()).not.toContain('(media by path)');
    for (const fileId of CLIPS) expect(await stored(ctx, fileId), fileId).toEqual(await stored(local, fileId));
    remote.child.kill('SIGTERM');
    expect(await remote.exited).toBe(0);
  }, 400_000);
});
