/**
 * @file The training worker thread (fusion/train-run.ts starts it): opens its own read-only connection to the store (WAL lets the main
 * thread keep writing), checks the data, trains, and reports each epoch. Cancelling stops it after the
 * batch in flight; the last completed epoch's checkpoint stays for --resume.
 */
import { prepareTrainingData } from '../fusion/dataset';
import { initTfBackend } from '../fusion/tf-backend';
import type { StartTraining, TrainProgress } from '../fusion/train-messages';
import { trainLoop, type TrainLoopResult } from '../fusion/train-loop';
import { openStore } from '../store/database';
import { serveWorkerJob } from './worker-side';

serveWorkerJob<StartTraining, TrainLoopResult, TrainProgress>(async (request, { signal, progress }) => {
  const backend = await initTfBackend(request.backend);
  const db = openStore(request.dbPath, { readonly: true });
  try {
    const data = prepareTrainingData(db, request.modalities, request.limits);
    progress({ type: 'prepared', layout: data.layout, splitSizes: { train: data.train.length, val: data.val.length, test: data.test.length }, backend });
    return await trainLoop({
      db,
      data,
      size: request.size,
      options: request.options,
      checkpointDir: request.checkpointDir,
      resume: request.resume,
      ...(request.initFrom ? { initFrom: request.initFrom } : {}),
      signal,
      onEpoch: (metrics) => progress({ type: 'epoch', metrics }),
    });
  } finally {
    db.close();
  }
});
