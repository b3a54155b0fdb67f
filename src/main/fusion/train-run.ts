/**
 * @file One recorded training run, from the main thread: records the run (config, modalities), trains in a
 * worker thread (jobs/train-worker.ts) while recording each epoch, then exports the best-Val checkpoint to ONNX,
 * predicts every analysed clip through onnxruntime-node and records the Val / Test scores of those
 * predictions and the ONNX file's hash. A cancelled run keeps its last checkpoint: resume it by id.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { readCheckpoint } from './checkpoint';
import type { Modality } from '../../shared/common-schemas';
import type { TrainResult } from '../../shared/fusion-api';
import { PRESETS, perceiverSizeSchema, trainOptionsSchema, type PerceiverSize, type PresetName, type TrainOptions } from './config';
import { DEFAULT_LIMITS, type DatasetLimits } from './dataset';
import { orderModalities, type FeatureLayout } from './feature-reader';
import { scoreSplit, type Scores } from './metrics';
import { exportPerceiverOnnx, sha256 } from './onnx-export';
import { parameterCount } from './perceiver-params';
import { predictWithRun } from './predict';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import type { TfBackendName } from './tf-backend';
import { runWorkerJob } from '../jobs/worker-host';
import { workerModule } from '../jobs/worker-modules';
import type { StartTraining, TrainProgress } from './train-messages';
import type { CheckpointMeta, EpochMetrics, TrainLoopResult } from './train-loop';

export interface TrainRequest {
  modalities: Modality[];
  preset: PresetName;
  /** Changes to the preset's sizes (tests, experiments). */
  size?: Partial<PerceiverSize>;
  options?: Partial<TrainOptions>;
  /** Continue this cancelled or failed run from its last checkpoint. */
  resumeRunId?: number;
  backend?: TfBackendName;
  limits?: DatasetLimits;
}

export interface RunConfig {
  preset: PresetName;
  size: PerceiverSize;
  options: TrainOptions;
  modalities: Modality[];
  checkpointDir: string;
  layout?: FeatureLayout;
  parameters?: number;
  splitSizes?: { train: number; val: number; test: number };
  backend?: TfBackendName;
}

/** fusion.train's answer. */
export type TrainRunResult = TrainResult;

export interface TrainRunContext {
  db: Db;
  dbPath: string;
  now: () => string;
}

/** Where a run keeps its checkpoints and ONNX export: beside the database, one folder per run. */
export function runFolder(dbPath: string, runId: number): string {
  return join(dirname(resolve(dbPath)), 'fusion-runs', `run-${runId}`);
}

function splitScores(store: PredictionsStore, runId: number, split: Split): Scores | null {
  const pairs = store.scoredPairs(runId, split);
  return pairs.clipIds.length === 0 ? null : scoreSplit(pairs.gold, pairs.predicted);
}

function configFor(request: TrainRequest, checkpointDir: string): RunConfig {
  const size = perceiverSizeSchema.parse({ ...PRESETS[request.preset], ...request.size });
  if (size.latentDim % size.selfAttentionHeads !== 0) {
    throw new ViperError('fusion/bad-config', `latentDim ${size.latentDim} does not divide by ${size.selfAttentionHeads} self-attention heads. Pick sizes that divide.`);
  }
  return { preset: request.preset, size, options: trainOptionsSchema.parse(request.options ?? {}), modalities: orderModalities(request.modalities), checkpointDir };
}

export async function trainRun(ctx: TrainRunContext, request: TrainRequest, controls: { signal?: AbortSignal; onEpoch?: (m: EpochMetrics) => void } = {}): Promise<TrainRunResult> {
  const store = new RunsStore(ctx.db);
  let runId: number;
  let config: RunConfig;
  if (request.resumeRunId !== undefined) {
    const run = store.get(request.resumeRunId);
    if (run.state === 'done') throw new ViperError('fusion/bad-config', `fusion run ${run.id} already finished; train a new run instead of resuming it.`, { subject: String(run.id) });
    runId = run.id;
    config = run.config as unknown as RunConfig;
    store.update(runId, { state: 'running' });
  } else {
    config = configFor(request, '');
    runId = store.create('perceiver', config.modalities, config, ctx.now());
    config = { ...config, checkpointDir: runFolder(ctx.dbPath, runId) };
    store.update(runId, { config });
  }
  if (config.modalities.length === 0) throw new ViperError('fusion/bad-config', 'no modality given: pass --modalities with some of image, audio, text, fau.');
  try {
    const start: StartTraining = {
      dbPath: ctx.dbPath,
      modalities: config.modalities,
      size: config.size,
      options: config.options,
      checkpointDir: config.checkpointDir,
      resume: request.resumeRunId !== undefined,
      limits: request.limits ?? DEFAULT_LIMITS,
      ...(request.backend ? { backend: request.backend } : {}),
    };
    const result = await runWorkerJob<StartTraining, TrainLoopResult, TrainProgress>(workerModule('train-worker'), start, {
      signal: controls.signal,
      onProgress: (message) => {
        if (message.type === 'prepared') {
          config = { ...config, layout: message.layout, splitSizes: message.splitSizes, backend: message.backend, parameters: parameterCount({ size: config.size, tokenDim: message.layout.tokenDim }) };
          store.update(runId, { config });
        } else {
          store.recordEpoch(runId, message.metrics);
          controls.onEpoch?.(message.metrics);
        }
      },
    });
    if (result.cancelled) {
      store.update(runId, { state: 'cancelled', finishedAt: ctx.now() });
      return { runId, cancelled: true, chosenEpoch: result.bestEpoch, history: result.history, val: null, test: null };
    }
    const best = readCheckpoint<CheckpointMeta>(result.bestCheckpoint);
    const weights = new Map([...best.tensors].filter(([k]) => k.startsWith('param:')).map(([k, v]) => [k.slice('param:'.length), v]));
    const bytes = exportPerceiverOnnx(best.meta.shape, weights, { run_id: String(runId), modalities: config.modalities.join(','), epoch: String(result.bestEpoch) });
    const onnxPath = join(config.checkpointDir, 'model.onnx');
    writeFileSync(onnxPath, bytes);
    store.update(runId, { onnxPath, onnxSha256: sha256(bytes), chosenEpoch: result.bestEpoch });
    await predictWithRun(ctx.db, store.get(runId), { now: ctx.now });
    const val = splitScores(new PredictionsStore(ctx.db), runId, 'Val');
    const test = splitScores(new PredictionsStore(ctx.db), runId, 'Test');
    store.update(runId, { state: 'done', finishedAt: ctx.now(), metrics: { val, test, bestValMeanPearsonTfjs: result.bestValMeanPearson } });
    return { runId, cancelled: false, chosenEpoch: result.bestEpoch, history: result.history, val, test };
  } catch (error) {
    store.update(runId, { state: 'failed', finishedAt: ctx.now(), error: { message: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}
