/**
 * Runs a job in a worker thread so decoding, inference and training never block the main thread
 * (the CLI's progress bar, Electron's IPC, `viper serve`). TypeScript worker modules are loaded
 * through tsx (ts-worker-bootstrap.js), as the CLI itself is; cancel asks the worker to stop, then terminates it if it
 * does not within the grace period.
 */
import { ViperError } from '../../shared/errors';
import { spawnWorker } from './spawn-worker';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerJobOptions<E> {
  signal?: AbortSignal | undefined;
  onProgress?: ((event: E) => void) | undefined;
  /** How long a cancelled worker may take to stop on its own. */
  cancelGraceMs?: number;
}

export function runWorkerJob<P, R, E>(module: URL, params: P, options: WorkerJobOptions<E> = {}): Promise<R> {
  const worker = spawnWorker(module);
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = (): void => {
      worker.postMessage({ type: 'cancel' } satisfies ToWorker<P>);
      setTimeout(() => {
        if (!settled) void worker.terminate();
      }, options.cancelGraceMs ?? 10_000).unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromWorker<R, E>) => {
      if (message.type === 'progress') options.onProgress?.(message.event);
      else if (message.type === 'done') settle(() => resolve(message.result));
      else
        settle(() => {
          if (message.stack) process.stderr.write(`${message.stack}\n`);
          reject(new ViperError(message.error.code, message.error.message, message.error.subject === undefined ? {} : { subject: message.error.subject }));
        });
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          options.signal?.aborted
            ? new ViperError('jobs/cancelled', 'the job was cancelled')
            : new Error(`the worker (${module.pathname}) stopped with exit code ${code} before finishing`),
        ),
      ),
    );
    worker.postMessage({ type: 'start', params } satisfies ToWorker<P>);
    if (options.signal?.aborted) onAbort();
  });
}
