/**
 * Where each worker's entry module is: beside the TypeScript sources when running from the checkout
 * (CLI via tsx, tests), or beside the bundled main process, where electron-vite builds each worker
 * as its own entry (electron.vite.config.ts: out/main/<name>.js).
 */
const SOURCES = {
  'analysis-worker': './analysis-worker.ts',
  // One analysis lane: a local analysis job's and a `viper worker`'s clips run in these threads.
  'analysis-lane': './analysis-lane.ts',
  'train-worker': './train-worker.ts',
  // It runs API handlers, so it lives in api/ (jobs/ may not import api/).
  'call-worker': '../api/call-worker.ts',
  // Analysis over a BullMQ queue: the workstation's coordinator (a `viper worker` runs analysis lanes).
  'queue-coordinator': '../queue/queue-coordinator-thread.ts',
} as const;

export type WorkerName = keyof typeof SOURCES;

export function workerModule(name: WorkerName, here: string = import.meta.url): URL {
  return here.endsWith('.ts') ? new URL(SOURCES[name], here) : new URL(`./${name}.js`, here);
}
