/** A worker for the worker-host tests: counts to `to`, reporting each step; fails on request. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ViperError } from '../../shared/errors';
import { serveWorkerJob } from './worker-side';

serveWorkerJob<{ to: number; failAt?: number; crashAt?: number }, { counted: number }, { done: number }>(async (params, { signal, progress }) => {
  for (let i = 1; i <= params.to; i += 1) {
    if (signal.aborted) throw new ViperError('jobs/cancelled', `stopped at ${i - 1}`);
    if (i === params.failAt) throw new ViperError('media/not-found', `item ${i}: no such file`, { subject: `item-${i}` });
    if (i === params.crashAt) throw new TypeError(`bug at ${i}`);
    await sleep(5);
    progress({ done: i });
  }
  return { counted: params.to };
});
