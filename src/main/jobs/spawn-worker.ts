/**
 * Starts a worker thread on a job module: a TypeScript module through tsx (ts-worker-bootstrap.js), as
 * the CLI itself runs, or a built .js entry directly. `init` reaches the module as workerData.init.
 */
import { Worker } from 'node:worker_threads';

export function spawnWorker(module: URL, init?: unknown): Worker {
  return module.pathname.endsWith('.ts')
    ? new Worker(new URL('./ts-worker-bootstrap.js', import.meta.url), { workerData: { viperJobModule: module.href, init } })
    : new Worker(module, { workerData: { init } });
}
