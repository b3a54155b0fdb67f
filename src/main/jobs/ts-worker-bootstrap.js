// Worker entry for TypeScript job modules when running from source (CLI via tsx, tests): module
// hooks are per thread, so the worker registers tsx itself before importing the job module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.viperJobModule);
