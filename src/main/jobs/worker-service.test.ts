import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures';
import type { EchoRequest } from './echo-service.test-worker';
import { startWorkerService } from './worker-service';

const WORKER = new URL('./echo-service.test-worker.ts', import.meta.url);
const service = startWorkerService<EchoRequest, { value: string; threadId: number }, { step: number }>(WORKER, { threads: 2, init: { label: 'from the host' } });

afterAll(() => service.close());

describe('startWorkerService', () => {
  it('serves concurrent requests on its threads, each with its own progress', async () => {
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    const results = await Promise.all(
      (['a', 'b', 'c'] as const).map((value, i) => service.run({ kind: 'echo', value, steps: 3 + i }, { onProgress: (event) => seen[value]?.push(event.step) })),
    );
    expect(results.map((r) => r.value)).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual({ a: [1, 2, 3], b: [1, 2, 3, 4], c: [1, 2, 3, 4, 5] });
    // Two threads: the three requests did not all queue on one.
    expect(new Set(results.map((r) => r.threadId)).size).toBe(2);
    expect(await service.run({ kind: 'init' })).toMatchObject({ value: 'from the host' });
  }, 60_000);

  it('brings a ViperError back with its code and subject, and a bug as internal', async () => {
    await expect(service.run({ kind: 'fail' })).rejects.toMatchObject({ code: 'media/not-found', subject: 'item-3', message: 'item 3: no such file' });
    await expect(service.run({ kind: 'bug' })).rejects.toMatchObject({ code: 'internal', message: 'a bug' });
  });

  it('cancels one request at once, and the worker sees the signal', async () => {
    const abort = new AbortController();
    const waiting = service.run({ kind: 'wait-for-cancel' }, { signal: abort.signal });
    const other = service.run({ kind: 'echo', value: 'still here', steps: 2 });
    setTimeout(() => abort.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ code: 'jobs/cancelled' });
    expect((await other).value).toBe('still here');
    await expect(service.run({ kind: 'wait-for-cancel' }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'jobs/cancelled' });
  });

  it('fails only the requests of a thread that dies, and serves the next request on a fresh thread', async () => {
    const before = await service.run({ kind: 'init' });
    // The long echo takes one thread, so the fatal request goes to the other.
    const survivor = service.run({ kind: 'echo', value: 'survivor', steps: 20 });
    const dying = service.run({ kind: 'die' });
    await expect(dying).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('stopped with exit code 7') });
    expect((await survivor).value).toBe('survivor');
    const after = await Promise.all([service.run({ kind: 'echo', value: 'x', steps: 1 }), service.run({ kind: 'echo', value: 'y', steps: 1 })]);
    expect(after.map((r) => r.value)).toEqual(['x', 'y']);
    expect(before.value).toBe('from the host');
  }, 60_000);

  it('refuses requests once closed', async () => {
    const closed = startWorkerService<EchoRequest, unknown, unknown>(WORKER, { init: { label: 'x' } });
    await closed.close();
    await expect(closed.run({ kind: 'init' })).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('is closed') });
  });

  it('closes each thread by itself: its teardown runs, then the thread ends (a lane releases ONNX Runtime so)', async () => {
    const temp = makeTempDir('viper-service-close-');
    try {
      const log = join(temp.dir, 'teardown.log');
      const closing = startWorkerService<EchoRequest, { value: string; threadId: number }, { step: number }>(WORKER, { threads: 2, init: { label: 'closing', teardownLog: log } });
      const ids = new Set((await Promise.all([closing.run({ kind: 'echo', value: 'a', steps: 2 }), closing.run({ kind: 'echo', value: 'b', steps: 2 })])).map((r) => r.threadId));
      await closing.close();
      const lines = readFileSync(log, 'utf8').trim().split('\n').sort();
      expect(lines).toEqual([...ids].map((id) => `teardown ${id}`).sort());
      await expect(closing.run({ kind: 'init' })).rejects.toMatchObject({ code: 'internal' });
    } finally {
      temp.cleanup();
    }
  }, 60_000);
});
