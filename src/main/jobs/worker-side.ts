/** Inside a worker thread: runs one job function for the host that started the thread. */
import { parentPort } from 'node:worker_threads';
import { isViperError } from '../../shared/errors';
import type { FromWorker, ToWorker, WorkerJobControls } from './worker-protocol';

export function serveWorkerJob<P, R, E>(job: (params: P, controls: WorkerJobControls<E>) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJob must run inside a worker thread');
  const abort = new AbortController();
  const send = (message: FromWorker<R, E>): void => port.postMessage(message);
  port.on('message', (message: ToWorker<P>) => {
    if (message.type === 'cancel') {
      abort.abort(new Error('cancelled'));
      return;
    }
    job(message.params, { signal: abort.signal, progress: (event) => send({ type: 'progress', event }) })
      .then((result) => send({ type: 'done', result }))
      .catch((error: unknown) => {
        if (isViperError(error)) send({ type: 'error', error: error.toInfo() });
        else if (abort.signal.aborted) send({ type: 'error', error: { code: 'jobs/cancelled', message: 'the job was cancelled' } });
        else send({ type: 'error', error: { code: 'internal', message: error instanceof Error ? error.message : String(error) }, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
      })
      .finally(() => port.close());
  });
}
