/** Inside a worker thread: runs one job function for the host that started the thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { isViperError } from '../../shared/errors';
import type { FromService, FromWorker, ToService, ToWorker, WorkerJobControls } from './worker-protocol';

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
      .catch((error: unknown) => send(errorMessage(error, abort.signal)))
      .finally(() => port.close());
  });
}

/**
 * Inside a worker thread of a WorkerService: `setup` runs once with workerData.init and returns the
 * handler of every request; requests run concurrently, each with its own cancel signal.
 */
export function serveWorkerRequests<I, Q, R, E>(
  setup: (init: I) => (request: Q, controls: WorkerJobControls<E>) => Promise<R>,
  /** Runs when the service closes, before the thread ends (a lane releases its ONNX Runtime sessions). */
  teardown: () => Promise<void> | void = () => undefined,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerRequests must run inside a worker thread');
  const handle = setup((workerData as { init: I }).init);
  const running = new Map<number, AbortController>();
  const send = (message: FromService<R, E>): void => port.postMessage(message);
  port.on('message', (message: ToService<Q>) => {
    if (message.type === 'close') {
      for (const abort of running.values()) abort.abort(new Error('closed'));
      // Ending by itself, not by terminate(): native addons tear down in order (ONNX Runtime aborts the process otherwise).
      void Promise.resolve(teardown()).finally(() => port.close());
      return;
    }
    if (message.type === 'cancel') {
      running.get(message.id)?.abort(new Error('cancelled'));
      return;
    }
    const { id } = message;
    const abort = new AbortController();
    running.set(id, abort);
    handle(message.request, { signal: abort.signal, progress: (event) => send({ id, type: 'progress', event }) })
      .then((result) => send({ id, type: 'done', result }))
      .catch((error: unknown) => send({ id, ...errorMessage(error, abort.signal) }))
      .finally(() => running.delete(id));
  });
}

/** A failure as it crosses to the host: a ViperError keeps its code; anything else is a bug, with its stack. */
function errorMessage<R, E>(error: unknown, signal: AbortSignal): FromWorker<R, E> & { type: 'error' } {
  if (isViperError(error)) return { type: 'error', error: error.toInfo() };
  if (signal.aborted) return { type: 'error', error: { code: 'jobs/cancelled', message: 'the job was cancelled' } };
  return { type: 'error', error: { code: 'internal', message: error instanceof Error ? error.message : String(error) }, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}
