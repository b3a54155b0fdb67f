/**
 * @file One recorded training run, from the main thread: records the run (config, modalities), trains in a
 * worker thread (jobs/train-worker.ts) while recording each epoch, then exports the best-Val checkpoint to ONNX,
 * predicts every analysed clip through onnxruntime-node and records the Val / Test scores of those
 * predictions and the ONNX file's hash, with each prediction's uncertainty (the spread of the last epochs). A cancelled or interrupted run keeps its last checkpoint: resume it by
 * id. Each run is trained by a recorded job (kind 'train', progress in epochs, its owner and heartbeat), the
 * same job again when the run resumes.
 */
import type { Protocol } from '../../shared/common-schemas';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Split } from '../../shared/emotions';
import { isViperError, ViperError, type ErrorInfo } from '../../shared/errors';
import type { Db } from '../store/database';
import { JobsStore } from '../store/jobs-store';
import { RunningJob } from '../store/running-job';
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
import { predictUncertainty } from './uncertainty';
import { PredictionsStore } from '../store/predictions-store';
import { writeTransaction } from '../store/statements';
import { RunsStore } from '../store/runs-store';
import type { TfBackendName } from './tf-backend';
import { runWorkerJob } from '../jobs/worker-host';
import { workerModule } from '../jobs/worker-modules';
import type { StartTraining, TrainProgress } from './train-messages';
import { BEST_CHECKPOINT, LAST_CHECKPOINT, type CheckpointMeta, type EpochMetrics, type TrainLoopResult } from './train-loop';

export interface TrainRequest {
  modalities: Modality[];
  preset: PresetName;
  /** Recorded with the run; 'authors-code' comes with options.attentionMask false (api/fusion.ts). */
  protocol?: Protocol;
  /** Changes to the preset's sizes (tests, experiments). */
  size?: Partial<PerceiverSize>;
  options?: Partial<TrainOptions>;
  /** Continue this cancelled, interrupted or failed run from its last checkpoint, with its own recorded settings (`options` is ignored). */
  resumeRunId?: number;
  /** On resume only: train up to this many epochs instead of the run's recorded number (the user's --epochs). */
  resumeEpochs?: number;
  backend?: TfBackendName;
  limits?: DatasetLimits;
  /** Retrain from corrections: a new run with this finished run's settings, starting from its chosen weights (`options` is ignored but for epochs). */
  continueFrom?: number;
  /** The job this training is a part of (an ablation's): not counted as a second training. */
  partOfJob?: number;
}

export interface RunConfig {
  preset: PresetName;
  /** Absent on runs from before protocols were recorded: those ran the default. */
  protocol?: Protocol;
  size: PerceiverSize;
  options: TrainOptions;
  modalities: Modality[];
  checkpointDir: string;
  layout?: FeatureLayout;
  parameters?: number;
  splitSizes?: { train: number; val: number; test: number };
  backend?: TfBackendName;
  /** The run whose chosen weights this one started from (retrain from corrections). */
  continuedFrom?: number;
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
  return {
    preset: request.preset,
    protocol: request.protocol ?? 'default',
    size,
    options: trainOptionsSchema.parse(request.options ?? {}),
    modalities: orderModalities(request.modalities),
    checkpointDir,
  };
}

/** The job training a run, as progress reports it: its id and the epochs the run trains for. */
export interface TrainJob {
  id: number;
  epochs: number;
}

/** What the failure of a run records as its job's error: a ViperError as it is, anything else as internal. */
function failureInfo(error: unknown, runId: number): ErrorInfo {
  if (isViperError(error)) return { ...error.toInfo(), subject: error.subject ?? `run ${runId}` };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), subject: `run ${runId}` };
}

/** Job kinds that train: one at a time per database, so two trainings never share the machine (nor a page start one twice). */
const TRAINING_JOB_KINDS = ['train', 'ablate'] as const;

/** Refuses a training while another runs in a live process (this one, a terminal, another page); call it under the write lock. */
function refuseSecondTraining(ctx: TrainRunContext, store: RunsStore, partOfJob: number | undefined): void {
  const running = new JobsStore(ctx.db).liveRunning(TRAINING_JOB_KINDS).find((job) => job.id !== partOfJob);
  if (!running) return;
  const run = store.list().find((r) => r.jobId === running.id);
  const what = running.kind === 'ablate' ? `the ablation (job ${running.id})` : run ? `fusion run ${run.id} (job ${running.id})` : `a training (job ${running.id})`;
  throw new ViperError(
    'runs/still-running',
    `${what} is training now, started ${running.startedAt}; a second training is refused so that two never share this machine. Wait for it to finish, or cancel it first (the Jobs screen, or "npx viper cancel ${running.id}").`,
    { subject: run ? String(run.id) : `job ${running.id}` },
  );
}

/** The settings of a new run that continues `parentId` (retrain from corrections): the parent's, epochs as asked. */
function continuedConfig(store: RunsStore, parentId: number, epochs: number | undefined): { config: RunConfig; initFrom: string } {
  const parent = store.get(parentId);
  if (parent.kind !== 'perceiver' || parent.state !== 'done') {
    throw new ViperError('runs/not-trained', `fusion run ${parent.id} is ${parent.kind === 'prior' ? 'the untrained prior' : `${parent.state}, not finished`}: retraining continues a finished trained run. Pick one from "viper runs", or train a new run.`, {
      subject: String(parent.id),
    });
  }
  const recorded = parent.config as unknown as RunConfig;
  const config: RunConfig = {
    preset: recorded.preset,
    size: recorded.size,
    options: trainOptionsSchema.parse({ ...recorded.options, ...(epochs !== undefined ? { epochs } : {}) }),
    modalities: recorded.modalities,
    checkpointDir: '',
    continuedFrom: parent.id,
  };
  return { config, initFrom: join(recorded.checkpointDir, BEST_CHECKPOINT) };
}

/**
 * Takes a stopped run back up: its recorded config (epochs replaced when the request gives resumeEpochs) and its
 * job, now owned by this process; refuses a finished run, or one a live process trains. Checked and claimed
 * under the write lock, so two processes resuming the same run cannot both take it.
 */
function resumeRun(ctx: TrainRunContext, store: RunsStore, runId: number, request: TrainRequest): { config: RunConfig; job: RunningJob } {
  return writeTransaction(ctx.db, () => {
    const run = store.get(runId);
    if (run.state !== 'running') refuseSecondTraining(ctx, store, request.partOfJob);
    if (run.state === 'done') throw new ViperError('fusion/bad-config', `fusion run ${run.id} already finished; train a new run instead of resuming it.`, { subject: String(run.id) });
    if (run.state === 'running') {
      throw new ViperError('runs/still-running', `fusion run ${run.id} is being trained by a live process (job ${run.jobId ?? '–'}). Wait for it, or stop that process first; "viper runs" shows when it stops.`, { subject: String(run.id) });
    }
    const recorded = run.config as unknown as RunConfig;
    const epochs = request.resumeEpochs;
    const config = epochs === undefined ? recorded : { ...recorded, options: { ...recorded.options, epochs } };
    // A run from before training was a job gets one now.
    const job = run.jobId === null ? RunningJob.start(ctx.db, 'train', { runId }, config.options.epochs, ctx.now) : RunningJob.adopt(ctx.db, run.jobId, config.options.epochs, ctx.now);
    store.update(runId, { state: 'running', config, jobId: job.id });
    return { config, job };
  });
}

/** A continued run resumed before its first epoch finished still starts from its parent's weights. */
function resumedInitFrom(config: RunConfig): string | undefined {
  if (config.continuedFrom === undefined || existsSync(join(config.checkpointDir, LAST_CHECKPOINT))) return undefined;
  return join(dirname(config.checkpointDir), `run-${config.continuedFrom}`, BEST_CHECKPOINT);
}

export async function trainRun(ctx: TrainRunContext, request: TrainRequest, controls: { signal?: AbortSignal; onEpoch?: (m: EpochMetrics, job: TrainJob) => void } = {}): Promise<TrainRunResult> {
  const store = new RunsStore(ctx.db);
  let runId: number;
  let config: RunConfig;
  let job: RunningJob;
  let initFrom: string | undefined;
  if (request.resumeRunId !== undefined) {
    runId = request.resumeRunId;
    ({ config, job } = resumeRun(ctx, store, runId, request));
  } else {
    const continued = request.continueFrom === undefined ? undefined : continuedConfig(store, request.continueFrom, request.options?.epochs);
    initFrom = continued?.initFrom;
    ({ runId, config, job } = writeTransaction(ctx.db, () => {
      refuseSecondTraining(ctx, store, request.partOfJob);
      const fresh = continued?.config ?? configFor(request, '');
      const id = store.create('perceiver', fresh.modalities, fresh, ctx.now());
      const placed = { ...fresh, checkpointDir: runFolder(ctx.dbPath, id) };
      const started = RunningJob.start(ctx.db, 'train', { runId: id }, placed.options.epochs, ctx.now);
      store.update(id, { config: placed, jobId: started.id });
      return { runId: id, config: placed, job: started };
    }));
  }
  const trainJob: TrainJob = { id: job.id, epochs: config.options.epochs };
  if (config.modalities.length === 0) {
    const error = new ViperError('fusion/bad-config', 'no modality given: pass --modalities with some of image, audio, text, fau.');
    job.recordError(failureInfo(error, runId));
    job.finish('failed');
    store.update(runId, { state: 'failed', finishedAt: ctx.now(), error: { message: error.message } });
    throw error;
  }
  try {
    const start: StartTraining = {
      dbPath: ctx.dbPath,
      modalities: config.modalities,
      size: config.size,
      options: config.options,
      checkpointDir: config.checkpointDir,
      resume: request.resumeRunId !== undefined,
      // A resumed continuation has its own last.ckpt; its starting weights matter only before its first epoch.
      ...((initFrom ?? resumedInitFrom(config)) ? { initFrom: initFrom ?? resumedInitFrom(config) } : {}),
      limits: request.limits ?? DEFAULT_LIMITS,
      ...(request.backend ? { backend: request.backend } : {}),
    };
    const result = await runWorkerJob<StartTraining, TrainLoopResult, TrainProgress>(workerModule('train-worker'), start, {
      // Ctrl-C, a closed page, or a cancel asked for from elsewhere (the Jobs screen): stops after the batch in flight.
      signal: job.signal(controls.signal),
      onProgress: (message) => {
        if (message.type === 'prepared') {
          config = { ...config, layout: message.layout, splitSizes: message.splitSizes, backend: message.backend, parameters: parameterCount({ size: config.size, tokenDim: message.layout.tokenDim }) };
          store.update(runId, { config });
        } else {
          store.recordEpoch(runId, message.metrics);
          job.progress(message.metrics.epoch, trainJob.epochs);
          controls.onEpoch?.(message.metrics, trainJob);
        }
      },
    });
    if (result.cancelled) {
      store.update(runId, { state: 'cancelled', finishedAt: ctx.now() });
      job.finish('cancelled');
      return { runId, jobId: job.id, cancelled: true, chosenEpoch: result.bestEpoch, history: result.history, val: null, test: null };
    }
    const best = readCheckpoint<CheckpointMeta>(result.bestCheckpoint);
    const weights = new Map([...best.tensors].filter(([k]) => k.startsWith('param:')).map(([k, v]) => [k.slice('param:'.length), v]));
    const bytes = exportPerceiverOnnx(best.meta.shape, weights, { run_id: String(runId), modalities: config.modalities.join(','), epoch: String(result.bestEpoch) });
    const onnxPath = join(config.checkpointDir, 'model.onnx');
    writeFileSync(onnxPath, bytes);
    store.update(runId, { onnxPath, onnxSha256: sha256(bytes), chosenEpoch: result.bestEpoch });
    await predictWithRun(ctx.db, store.get(runId), { now: ctx.now });
    await predictUncertainty(ctx.db, store.get(runId));
    const val = splitScores(new PredictionsStore(ctx.db), runId, 'Val');
    const test = splitScores(new PredictionsStore(ctx.db), runId, 'Test');
    store.update(runId, { state: 'done', finishedAt: ctx.now(), metrics: { val, test, bestValMeanPearsonTfjs: result.bestValMeanPearson } });
    job.finish('done');
    return { runId, jobId: job.id, cancelled: false, chosenEpoch: result.bestEpoch, history: result.history, val, test };
  } catch (error) {
    store.update(runId, { state: 'failed', finishedAt: ctx.now(), error: { message: error instanceof Error ? error.message : String(error) } });
    job.recordError(failureInfo(error, runId));
    job.finish('failed');
    throw error;
  }
}
