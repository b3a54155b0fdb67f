/**
 * A pool of long-lived worker threads that serve requests one message each, for work that is short but
 * too heavy for the main thread (a summary over thousands of predictions, agreement among 64
 * annotators): starting a thread costs seconds under tsx, so the threads start once and stay. Each
 * request goes to the thread with the fewest in flight. A thread that dies fails only its own requests,
 * and the next request starts a fresh one. Cancel tells the worker (its handler sees the signal) and
 * settles the request at once; a late answer is dropped.
 */
import type { Worker } from 'node:worker_threads';
import { ViperError } from '../../shared/errors';
import { spawnWorker } from './spawn-worker';
import type { FromService, ToService } from './worker-protocol';
import type { WorkerJobOptions } from './worker-host';

export interface WorkerService<Q, R, E> {
  run(request: Q, options?: Omit<WorkerJobOptions<E>, 'cancelGraceMs'>): Promise<R>;
  /** Stops every thread; requests still in flight fail. Each thread is asked to end by itself (its teardown runs), and terminated if it has not within CLOSE_GRACE_MS. */
  close(): Promise<void>;
}

interface Pending<R, E> {
  resolve(result: R): void;
  reject(error: Error): void;
  onProgress: ((event: E) => void) | undefined;
}

interface Slot<R, E> {
  worker: Worker;
  pending: Map<number, Pending<R, E>>;
}

/** How long a closing thread may take to end by itself before it is terminated. */
const CLOSE_GRACE_MS = 5000;

export interface WorkerServiceOptions {
  /** How many threads; they start at once, so the first request does not wait for one. */
  threads?: number;
  /** Reaches the module as workerData.init (serveWorkerRequests' setup). */
  init?: unknown;
}

export function startWorkerService<Q, R, E>(module: URL, options: WorkerServiceOptions = {}): WorkerService<Q, R, E> {
  const slots: (Slot<R, E> | undefined)[] = Array.from({ length: options.threads ?? 1 }, () => undefined);
  let nextId = 1;
  let closed = false;

  function start(index: number): Slot<R, E> {
    const slot: Slot<R, E> = { worker: spawnWorker(module, options.init), pending: new Map() };
    const failAll = (error: Error): void => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const pending of slot.pending.values()) pending.reject(error);
      slot.pending.clear();
    };
    slot.worker.on('message', (message: FromService<R, E>) => {
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      if (message.type === 'progress') {
        pending.onProgress?.(message.event);
        return;
      }
      slot.pending.delete(message.id);
      if (message.type === 'done') pending.resolve(message.result);
      else {
        if (message.stack) process.stderr.write(`${message.stack}\n`);
        pending.reject(new ViperError(message.error.code, message.error.message, message.error.subject === undefined ? {} : { subject: message.error.subject }));
      }
    });
    slot.worker.on('error', (error) => failAll(new ViperError('internal', `the worker (${module.pathname}) failed: ${error.message}`, { cause: error })));
    slot.worker.on('exit', (code) => failAll(new ViperError('internal', `the worker (${module.pathname}) stopped with exit code ${code}`)));
    // Idle threads must not keep a CLI process alive; a request in flight refs its thread (below).
    slot.worker.unref();
    slots[index] = slot;
    return slot;
  }

  for (let index = 0; index < slots.length; index += 1) start(index);

  function leastBusy(): Slot<R, E> {
    let best = 0;
    for (let index = 0; index < slots.length; index += 1) {
      if ((slots[index]?.pending.size ?? 0) < (slots[best]?.pending.size ?? 0)) best = index;
    }
    return slots[best] ?? start(best);
  }

  return {
    run(request, runOptions = {}) {
      if (closed) return Promise.reject(new ViperError('internal', `the worker service (${module.pathname}) is closed`));
      const { signal, onProgress } = runOptions;
      if (signal?.aborted) return Promise.reject(new ViperError('jobs/cancelled', 'the call was cancelled before it started'));
      const slot = leastBusy();
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        const onAbort = (): void => {
          if (!slot.pending.delete(id)) return;
          slot.worker.postMessage({ type: 'cancel', id } satisfies ToService<Q>);
          finish();
          reject(new ViperError('jobs/cancelled', 'the call was cancelled'));
        };
        const finish = (): void => {
          signal?.removeEventListener('abort', onAbort);
          if (slot.pending.size === 0) slot.worker.unref();
        };
        slot.pending.set(id, {
          resolve: (result) => {
            finish();
            resolve(result);
          },
          reject: (error) => {
            finish();
            reject(error);
          },
          onProgress,
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        slot.worker.ref();
        slot.worker.postMessage({ type: 'request', id, request } satisfies ToService<Q>);
      });
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.map(async (slot) => {
          if (!slot) return;
          const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
          slot.worker.ref();
          slot.worker.postMessage({ type: 'close' } satisfies ToService<Q>);
          const timer = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
