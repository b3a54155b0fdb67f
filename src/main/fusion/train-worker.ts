/**
 * @file The training worker thread: opens its own read-only connection to the store (WAL lets the main
 * thread keep writing), checks the data, trains, and reports each epoch. A 'cancel' message stops it after
 * the batch in flight; the last completed epoch's checkpoint stays for --resume.
 */
import { parentPort } from 'node:worker_threads';
import { isViperError } from '../../shared/errors';
import { openStore } from '../store/database';
import { prepareTrainingData } from './dataset';
import { initTfBackend } from './tf-backend';
import type { FromWorker, StartTraining, ToWorker } from './train-messages';
import { trainLoop } from './train-loop';

const port = parentPort;
if (!port) throw new Error('train-worker.ts runs as a worker thread (see train-run.ts)');
const controller = new AbortController();
const post = (message: FromWorker): void => port.postMessage(message);

async function train(request: StartTraining): Promise<void> {
  const backend = await initTfBackend(request.backend);
  const db = openStore(request.dbPath, { readonly: true });
  try {
    const data = prepareTrainingData(db, request.modalities, request.limits);
    post({ type: 'prepared', layout: data.layout, splitSizes: { train: data.train.length, val: data.val.length, test: data.test.length }, backend });
    const result = await trainLoop({
      db,
      data,
      size: request.size,
      options: request.options,
      checkpointDir: request.checkpointDir,
      resume: request.resume,
      signal: controller.signal,
      onEpoch: (metrics) => post({ type: 'epoch', metrics }),
    });
    post({ type: 'done', result });
  } finally {
    db.close();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  train(message).catch((error: unknown) => {
    post({
      type: 'error',
      error: isViperError(error) ? error.toInfo() : { code: 'internal', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) },
    });
  });
});
