/**
 * @file How sure a trained run is of each prediction: the spread of the predictions of its last epochs'
 * checkpoints (epoch-checkpoints.ts), stored with the prediction as the mean over the 7 emotions of their
 * standard deviation (intensities clipped to [0,1] as predict.ts stores them).
 *
 * Why the checkpoints' spread and not MC dropout: the compact preset trains without dropout (attention
 * dropout 0), so dropout at prediction time would give every clip a spread of 0; the ONNX export is the
 * inference graph, without dropout; and the checkpoints give the same number on every run, so the review
 * queue's order does not change each time it is computed. A clip whose prediction still moves from epoch to
 * epoch is one the model has not settled on. The prior has no checkpoints and no uncertainty.
 */
import { writeFileSync } from 'node:fs';
import { SessionFactory, type ModelSession } from '../models/session';
import type { Db } from '../store/database';
import { PredictionsStore } from '../store/predictions-store';
import type { RunRow } from '../store/runs-store';
import { readCheckpoint } from './checkpoint';
import { epochCheckpoints, SPREAD_EPOCHS } from './epoch-checkpoints';
import { FeatureReader } from './feature-reader';
import { exportPerceiverOnnx } from './onnx-export';
import { analysedClipIds, fusionFeeds, runLayout } from './predict';
import type { CheckpointMeta } from './train-loop';
import { ONNX_OUTPUTS } from './onnx-export';

const EMOTION_COUNT = 7;

/**
 * The run's kept epochs, up to its last trained one, as ONNX files beside their checkpoints
 * (epoch-<n>.onnx), exported each time: a few milliseconds, and never a stale file from another run.
 */
function epochModels(run: RunRow): { epoch: number; onnxPath: string }[] {
  const dir = typeof run.config.checkpointDir === 'string' ? run.config.checkpointDir : null;
  if (!dir) return [];
  return epochCheckpoints(dir)
    .slice(-SPREAD_EPOCHS)
    .map(({ epoch, path }) => {
      const onnxPath = path.replace(/\.ckpt$/, '.onnx');
      const file = readCheckpoint<CheckpointMeta>(path);
      const weights = new Map([...file.tensors].filter(([k]) => k.startsWith('param:')).map(([k, v]) => [k.slice('param:'.length), v]));
      writeFileSync(onnxPath, exportPerceiverOnnx(file.meta.shape, weights, { run_id: String(run.id), epoch: String(epoch) }));
      return { epoch, onnxPath };
    });
}

/** Per clip, the mean over emotions of the standard deviation of `values[model][clip * 7 + emotion]`. */
export function meanStandardDeviation(values: readonly Float32Array[], clips: number): number[] {
  const models = values.length;
  return Array.from({ length: clips }, (_, clip) => {
    let sum = 0;
    for (let e = 0; e < EMOTION_COUNT; e += 1) {
      let mean = 0;
      for (const v of values) mean += Math.min(1, Math.max(0, v[clip * EMOTION_COUNT + e] ?? 0));
      mean /= models;
      let squares = 0;
      for (const v of values) squares += (Math.min(1, Math.max(0, v[clip * EMOTION_COUNT + e] ?? 0)) - mean) ** 2;
      sum += Math.sqrt(squares / models);
    }
    return sum / EMOTION_COUNT;
  });
}

/**
 * Measures and stores the uncertainty of the run's predictions of these clips (default every analysed
 * clip); returns how many were measured: 0 when the run kept fewer than 2 epoch checkpoints (their
 * uncertainty stays unknown).
 */
export async function predictUncertainty(db: Db, run: RunRow, options: { clipIds?: readonly number[]; batchSize?: number } = {}): Promise<number> {
  if (run.kind !== 'perceiver') return 0;
  const models = epochModels(run);
  if (models.length < 2) return 0;
  const layout = runLayout(run);
  const clipIds = options.clipIds ?? analysedClipIds(db, layout.modalities);
  const reader = new FeatureReader(db, layout);
  const store = new PredictionsStore(db);
  // Its own factory: these sessions are released when done, not cached beside the run's model.
  const factory = new SessionFactory();
  try {
    const sessions: ModelSession[] = [];
    for (const model of models) sessions.push(await factory.open(model.onnxPath));
    const batchSize = options.batchSize ?? 256;
    for (let start = 0; start < clipIds.length; start += batchSize) {
      const ids = clipIds.slice(start, start + batchSize);
      const batch = reader.loadBatch(ids);
      const feeds = fusionFeeds(batch, ids.length, layout);
      const values: Float32Array[] = [];
      for (const session of sessions) values.push((await session.run(feeds, [ONNX_OUTPUTS.intensities])).outputs[ONNX_OUTPUTS.intensities].data as Float32Array);
      const spread = meanStandardDeviation(values, ids.length);
      store.writeUncertainty(run.id, ids.map((clipId, i) => ({ clipId, uncertainty: spread[i] ?? 0 })));
    }
    return clipIds.length;
  } finally {
    await factory.closeAll();
  }
}
