import { describe, expect, it } from 'vitest';
import { runWorkerJob } from './worker-host';

const WORKER = new URL('./counting-job.test-worker.ts', import.meta.url);
type Params = { to: number; failAt?: number; crashAt?: number };

describe('runWorkerJob', () => {
  it('runs the job in a worker thread, with progress events', async () => {
    const seen: number[] = [];
    const result = await runWorkerJob<Params, { counted: number }, { done: number }>(WORKER, { to: 5 }, { onProgress: (e) => seen.push(e.done) });
    expect(result).toEqual({ counted: 5 });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('brings a ViperError back with its code and subject, and a bug as internal', async () => {
    await expect(runWorkerJob(WORKER, { to: 5, failAt: 3 })).rejects.toMatchObject({ code: 'media/not-found', subject: 'item-3', message: 'item 3: no such file' });
    await expect(runWorkerJob(WORKER, { to: 5, crashAt: 2 })).rejects.toMatchObject({ code: 'internal', message: 'bug at 2' });
  });

  it('cancels: the worker stops at its next check', async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const run = runWorkerJob<Params, { counted: number }, { done: number }>(WORKER, { to: 1000 }, {
      signal: abort.signal,
      onProgress: (e) => {
        seen.push(e.done);
        if (e.done === 3) abort.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'jobs/cancelled' });
    expect(seen.length).toBeLessThan(10);
  });
});
