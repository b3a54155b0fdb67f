/**
 * No call holds up another's label save: while agreement among 64 annotators and a run's summary over a
 * thousand predictions are computed (each well over 100 ms on one thread), label saves over real HTTP keep
 * answering in milliseconds, because `viper serve` runs those calls in worker threads (api/off-loop.ts).
 * The heavy answers are the same as the handlers give on the test's own thread.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { LabelsStore } from '../store/labels-store';
import { makeTempDir } from '../test-support/fixtures';
import { startHost, type RunningHost } from './server';

const ANNOTATORS = 64;
const SHARED_CLIPS = 200;
const VAL_CLIPS = 1000;
/** What a label save may take while the heavy calls run (a few ms on an idle machine; generous). */
const SAVE_BOUND_MS = 50;

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let host: RunningHost;
let trainClip: number;
let runId: number;
const onLoop: { agreementMs: number; summaryMs: number; agreement?: ApiOutput<'annotators.agreement'>; summary?: ApiOutput<'evaluation.summary'> } = { agreementMs: 0, summaryMs: 0 };

const vector = (f: (e: number) => number): EmotionVector => Object.fromEntries(EMOTIONS.map((emotion, e) => [emotion, f(e)])) as EmotionVector;

beforeAll(async () => {
  temp = makeTempDir('viper-offloop-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', env: {} });
  const { clipIds } = writeSyntheticSet(ctx.db, { splits: { Train: 4, Val: VAL_CLIPS }, frames: 2, dims: { fau: 8 }, seed: 11 });
  trainClip = clipIds[0] ?? 0;
  // 63 more annotators (64 with gold) on the first Val clips, each with their own offsets.
  const labels = new LabelsStore(ctx.db);
  ctx.db.transaction(() => {
    for (let a = 1; a < ANNOTATORS; a += 1) {
      for (const clipId of clipIds.slice(4, 4 + SHARED_CLIPS)) {
        labels.write({ clipId, annotator: `annotator-${a}`, values: vector((e) => ((clipId * 7 + a * 13 + e * 3) % 100) / 100), editedBy: 'seed', source: 'ui', at: '2026-12-01T00:00:00.000Z' });
      }
    }
  })();
  runId = (await callApi(ctx, 'fusion.predict', { prior: true })).runId;

  // The same calls on this thread: how long each would hold an event loop.
  let start = performance.now();
  onLoop.agreement = await callApi(ctx, 'annotators.agreement', {});
  onLoop.agreementMs = performance.now() - start;
  start = performance.now();
  onLoop.summary = await callApi(ctx, 'evaluation.summary', { run: runId, split: 'Val', resamples: 500 });
  onLoop.summaryMs = performance.now() - start;

  host = await startHost({ ctx, rendererDir: temp.dir, port: 0 });
}, 180_000);

afterAll(async () => {
  await host.close();
  ctx.close();
  temp.cleanup();
});

async function post(call: string, body: unknown): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now();
  const response = await fetch(`${host.origin}/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': host.token }, body: JSON.stringify(body) });
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, text };
}

async function api<T>(call: string, body: unknown): Promise<{ ms: number; status: number; value: T }> {
  const { ms, status, text } = await post(call, body);
  return { ms, status, value: (JSON.parse(text) as { value: T }).value };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

describe('viper serve: heavy calls run off the event loop', () => {
  it(`answers label saves in < ${SAVE_BOUND_MS} ms while agreement among ${ANNOTATORS} annotators and a summary of ${VAL_CLIPS} predictions run`, async () => {
    expect(onLoop.agreement?.annotators).toHaveLength(ANNOTATORS);
    expect(onLoop.agreement?.clips).toBe(SHARED_CLIPS);
    expect(onLoop.summary?.points).toHaveLength(VAL_CLIPS);
    // Each would hold a single event loop for much longer than a save may take.
    expect(Math.min(onLoop.agreementMs, onLoop.summaryMs)).toBeGreaterThan(2 * SAVE_BOUND_MS);

    // Both worker threads loaded (under tsx that takes seconds), so the measurement below is of the calls.
    await Promise.all([api('annotators.agreement', { annotators: ['gold'] }), api('annotators.agreement', { annotators: ['gold'] })]);

    let version = (await api<{ version: number }>('labels.get', { clip: trainClip })).value.version;
    const save = async (): Promise<number> => {
      const answer = await api<{ version: number }>('labels.save', { clip: trainClip, values: vector((e) => ((version + e) % 10) / 10), expectedVersion: version, editedBy: 'window-1' });
      expect(answer.status).toBe(200);
      version = answer.value.version;
      return answer.ms;
    };
    // The same saves with nothing else running: what this machine allows now.
    const idle: number[] = [];
    const idleLoopDelay = monitorEventLoopDelay({ resolution: 5 });
    idleLoopDelay.enable();
    for (let i = 0; i < 30; i += 1) {
      idle.push(await save());
      await sleep(5);
    }
    idleLoopDelay.disable();
    const idleSorted = [...idle].sort((a, b) => a - b);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const saves: number[] = [];
    let heavyDone = false;
    const started = performance.now();
    // This test is the server's client too, on the same thread: the big answers are parsed after the saves.
    const heavy = Promise.all([post('annotators.agreement', {}), post('evaluation.summary', { run: runId, split: 'Val', resamples: 500 })]).finally(() => (heavyDone = true));
    while (!heavyDone) {
      saves.push(await save());
      await sleep(5);
    }
    const [agreement, summary] = await heavy;
    const heavyMs = performance.now() - started;
    loopDelay.disable();

    const sorted = [...saves].sort((a, b) => a - b);
    console.log(
      `on one thread: agreement ${onLoop.agreementMs.toFixed(0)} ms, summary ${onLoop.summaryMs.toFixed(0)} ms; over HTTP in workers: both in ${heavyMs.toFixed(0)} ms ` +
        `(agreement ${agreement.ms.toFixed(0)} ms, summary ${summary.ms.toFixed(0)} ms); ${saves.length} label saves meanwhile: ` +
        `median ${quantile(sorted, 0.5).toFixed(1)} ms, p90 ${quantile(sorted, 0.9).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms ` +
        `(idle: median ${quantile(idleSorted, 0.5).toFixed(1)} ms, max ${(idleSorted.at(-1) ?? 0).toFixed(1)} ms); ` +
        `event loop delay max ${(loopDelay.max / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms ` +
        `(idle: max ${(idleLoopDelay.max / 1e6).toFixed(1)} ms, p99 ${(idleLoopDelay.percentile(99) / 1e6).toFixed(1)} ms); load average ${loadavg()[0]?.toFixed(1)}`,
    );
    // The same answers as on one thread (the saves touch a Train clip that neither call reads).
    expect(agreement.status).toBe(200);
    expect(JSON.parse(agreement.text)).toEqual({ ok: true, value: onLoop.agreement });
    expect(summary.status).toBe(200);
    expect(JSON.parse(summary.text)).toEqual({ ok: true, value: onLoop.summary });
    expect(saves.length).toBeGreaterThanOrEqual(5);
    // On a machine so loaded that a save alone takes long, the bound grows with it; it must still be far
    // below what a save waits when a heavy call holds the loop (the call's whole duration).
    const bound = Math.max(SAVE_BOUND_MS, 3 * quantile(idleSorted, 0.9));
    expect(bound, 'this machine is too loaded now to tell a blocked loop from a slow one').toBeLessThan(Math.min(onLoop.agreementMs, onLoop.summaryMs) / 2);
    expect(sorted.at(-1)).toBeLessThan(bound);
  }, 120_000);
});
