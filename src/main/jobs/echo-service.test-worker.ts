/** A worker for the worker-service tests: echoes, reports steps, fails, waits for cancel or dies on request. */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { ViperError } from '../../shared/errors';
import { serveWorkerRequests } from './worker-side';

export type EchoRequest =
  | { kind: 'echo'; value: string; steps: number }
  | { kind: 'init' }
  | { kind: 'fail' }
  | { kind: 'bug' }
  | { kind: 'wait-for-cancel' }
  | { kind: 'die' };

/** Where the teardown notes that it ran (the close test's init gives one). */
let teardownLog: string | undefined;

serveWorkerRequests<{ label: string; teardownLog?: string }, EchoRequest, { value: string; threadId: number }, { step: number }>((init) => {
  teardownLog = init.teardownLog;
  return async (request, { signal, progress }) => {
  switch (request.kind) {
    case 'echo':
      for (let step = 1; step <= request.steps; step += 1) {
        await sleep(5);
        progress({ step });
      }
      return { value: request.value, threadId };
    case 'init':
      return { value: init.label, threadId };
    case 'fail':
      throw new ViperError('media/not-found', 'item 3: no such file', { subject: 'item-3' });
    case 'bug':
      throw new TypeError('a bug');
    case 'wait-for-cancel':
      while (!signal.aborted) await sleep(5);
      throw new ViperError('jobs/cancelled', 'stopped');
    case 'die':
      process.exit(7);
  }
  };
}, async () => {
  await sleep(20);
  if (teardownLog) appendFileSync(teardownLog, `teardown ${threadId}\n`);
});
