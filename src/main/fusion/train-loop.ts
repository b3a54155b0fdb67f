/**
 * @file The training loop: seeded init and shuffles, MSE averaged over the 7 emotions, AdamW with the
 * step-halving learning rate, Val mean Pearson after every epoch, the best-Val checkpoint kept, and a
 * "last" checkpoint (with AdamW's state) after every epoch so that a cancelled run resumes exactly where
 * it stopped: a resumed run gives the same weights as an uninterrupted one with the same seed. The last
 * epochs' parameters are kept too (epoch-checkpoints.ts), for the uncertainty of each prediction.
 * Runs wherever TF.js is initialised; jobs/train-worker.ts runs it off the main thread.
 */
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { ViperError } from '../../shared/errors';
import type { EpochMetrics } from '../../shared/fusion-api';
import type { Db } from '../store/database';
import { AdamW, TORCH_ADAMW_DEFAULTS } from './adamw';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { crossChannels, type PerceiverSize, type TrainOptions } from './config';
import { epochCheckpointPath, pruneEpochCheckpoints } from './epoch-checkpoints';
import type { DatasetClip, TrainingData } from './dataset';
import { FeatureReader } from './feature-reader';
import { meanPearson, seededRandom } from './metrics';
import { perceiverForward } from './perceiver';
import { disposeParams, initParams, paramsFromValues, readParams, type Params, type PerceiverShape } from './perceiver-params';

export type { EpochMetrics };

export interface CheckpointMeta {
  shape: PerceiverShape;
  options: TrainOptions;
  /** Epochs completed (1-based count). */
  epoch: number;
  optimizerStep: number;
  history: EpochMetrics[];
  bestEpoch: number;
  bestValMeanPearson: number | null;
}

export interface TrainLoopSetup {
  db: Db;
  data: TrainingData;
  size: PerceiverSize;
  options: TrainOptions;
  /** Holds last.ckpt and best.ckpt. */
  checkpointDir: string;
  resume?: boolean;
  /** A fresh run starts from these weights (another run's best.ckpt: retrain from corrections) instead of a seeded init. */
  initFrom?: string;
  signal?: AbortSignal;
  onEpoch?: (metrics: EpochMetrics) => void;
}

export interface TrainLoopResult {
  history: EpochMetrics[];
  bestEpoch: number;
  bestValMeanPearson: number | null;
  bestCheckpoint: string;
  cancelled: boolean;
}

export const LAST_CHECKPOINT = 'last.ckpt';
export const BEST_CHECKPOINT = 'best.ckpt';

export function learningRateAt(options: TrainOptions, epochIndex: number, step: number): number {
  const count = options.lrHalvingUnit === 'epoch' ? epochIndex : step;
  return options.learningRate * 0.5 ** Math.floor(count / options.lrHalvingEvery);
}

/** The epoch's order of the Train clips: a Fisher–Yates shuffle seeded by (seed, epoch), so resume repeats it. */
export function epochOrder(clips: readonly DatasetClip[], seed: number, epochIndex: number): number[] {
  const ids = clips.map((c) => c.clipId);
  const random = seededRandom((seed * 7919 + epochIndex * 104729) >>> 0);
  for (let i = ids.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j] ?? 0, ids[i] ?? 0];
  }
  return ids;
}

/** Forward passes without gradients, in batches; returns the raw outputs per clip. */
export function predictClips(params: Params, shape: PerceiverShape, reader: FeatureReader, clipIds: readonly number[], batchSize = 64): number[][] {
  const outputs: number[][] = [];
  for (let start = 0; start < clipIds.length; start += batchSize) {
    const ids = clipIds.slice(start, start + batchSize);
    const batch = reader.loadBatch(ids);
    const values = tf.tidy(() => {
      const tokens = tf.tensor3d(batch.tokens, [ids.length, reader.layout.frames, reader.layout.tokenDim]);
      const mask = tf.tensor2d(batch.mask, [ids.length, reader.layout.frames]);
      return perceiverForward(params, shape, tokens, mask).outputs.arraySync();
    });
    outputs.push(...values);
  }
  return outputs;
}

function targetsOf(clips: readonly DatasetClip[], ids: readonly number[]): Float32Array {
  const byId = new Map(clips.map((c) => [c.clipId, c.targets ?? []]));
  return Float32Array.from(ids.flatMap((id) => byId.get(id) ?? []));
}

function saveCheckpoint(path: string, meta: CheckpointMeta, params: Params, optimizer: AdamW | null): void {
  const tensors = new Map<string, Float32Array>();
  for (const [name, value] of readParams(params)) tensors.set(`param:${name}`, value);
  if (optimizer) {
    for (const [name, v] of optimizer.m) tensors.set(`m:${name}`, v.dataSync() as Float32Array);
    for (const [name, v] of optimizer.v) tensors.set(`v:${name}`, v.dataSync() as Float32Array);
  }
  writeCheckpoint(path, meta, tensors);
}

function prefixed(tensors: ReadonlyMap<string, Float32Array>, prefix: string): Map<string, Float32Array> {
  return new Map([...tensors].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key.slice(prefix.length), value]));
}

/** Loads a checkpoint's parameters (best.ckpt for export and prediction). */
export function loadCheckpointParams(path: string): { meta: CheckpointMeta; params: Params } {
  const file = readCheckpoint<CheckpointMeta>(path);
  return { meta: file.meta, params: paramsFromValues(file.meta.shape, prefixed(file.tensors, 'param:')) };
}

/** Another run's parameters as the starting point, refused when its sizes or features differ from this run's. */
function startingWeights(path: string, shape: PerceiverShape): Params {
  const file = readCheckpoint<CheckpointMeta>(path);
  if (file.meta.shape.tokenDim !== shape.tokenDim || JSON.stringify(file.meta.shape.size) !== JSON.stringify(shape.size)) {
    throw new ViperError(
      'fusion/bad-config',
      `${path}: the run to continue was trained on ${file.meta.shape.tokenDim}-wide tokens with other sizes than this run's ${shape.tokenDim}; its features changed since. Train a new run instead.`,
      { subject: path },
    );
  }
  return paramsFromValues(shape, prefixed(file.tensors, 'param:'));
}

export async function trainLoop(setup: TrainLoopSetup): Promise<TrainLoopResult> {
  const { data, options, size } = setup;
  const shape: PerceiverShape = { size, tokenDim: data.layout.tokenDim };
  if (crossChannels(size, shape.tokenDim) % size.crossAttentionHeads !== 0) {
    throw new ViperError(
      'fusion/bad-config',
      `the token of ${data.layout.modalities.join('+')} is ${shape.tokenDim} wide, which ${size.crossAttentionHeads} cross-attention heads cannot split evenly (the paper's sizes need a width divisible by 8, as its 2080). Use --preset compact, or features whose widths add up to a multiple of ${size.crossAttentionHeads}.`,
    );
  }
  const { frames, tokenDim } = data.layout;
  mkdirSync(setup.checkpointDir, { recursive: true });
  const lastPath = join(setup.checkpointDir, LAST_CHECKPOINT);
  const bestPath = join(setup.checkpointDir, BEST_CHECKPOINT);
  const reader = new FeatureReader(setup.db, data.layout, undefined, { attentionMask: options.attentionMask !== false });

  let params: Params;
  let optimizer: AdamW;
  let meta: CheckpointMeta;
  if (setup.resume && existsSync(lastPath)) {
    const file = readCheckpoint<CheckpointMeta>(lastPath);
    if (file.meta.shape.tokenDim !== tokenDim || JSON.stringify(file.meta.shape.size) !== JSON.stringify(size)) {
      throw new ViperError('fusion/bad-config', `${lastPath}: the checkpoint was trained with other sizes or features; resume with the same --preset and --modalities, or train afresh.`, { subject: lastPath });
    }
    params = paramsFromValues(shape, prefixed(file.tensors, 'param:'));
    optimizer = new AdamW(params, { ...TORCH_ADAMW_DEFAULTS, weightDecay: options.weightDecay });
    optimizer.load(file.meta.optimizerStep, prefixed(file.tensors, 'm:'), prefixed(file.tensors, 'v:'));
    meta = { ...file.meta, options };
  } else {
    // A fresh run: epoch checkpoints in this folder are another run's (epoch 0 keeps none).
    pruneEpochCheckpoints(setup.checkpointDir, 0);
    params = setup.initFrom ? startingWeights(setup.initFrom, shape) : initParams(shape, options.seed);
    optimizer = new AdamW(params, { ...TORCH_ADAMW_DEFAULTS, weightDecay: options.weightDecay });
    meta = { shape, options, epoch: 0, optimizerStep: 0, history: [], bestEpoch: 0, bestValMeanPearson: null };
  }

  const valIds = data.val.map((c) => c.clipId);
  const valGold = data.val.map((c) => c.targets ?? []);
  let cancelled = false;
  try {
    for (let epochIndex = meta.epoch; epochIndex < options.epochs && !cancelled; epochIndex += 1) {
      const started = performance.now();
      const order = epochOrder(data.train, options.seed, epochIndex);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += options.batchSize) {
        if (setup.signal?.aborted) {
          cancelled = true;
          break;
        }
        const ids = order.slice(start, start + options.batchSize);
        const batch = reader.loadBatch(ids);
        const learningRate = learningRateAt(options, epochIndex, optimizer.step);
        const dropoutSeed = options.seed * 100_003 + optimizer.step;
        const { value, grads } = tf.variableGrads(() => {
          const tokens = tf.tensor3d(batch.tokens, [ids.length, frames, tokenDim]);
          const mask = tf.tensor2d(batch.mask, [ids.length, frames]);
          const targets = tf.tensor2d(targetsOf(data.train, ids), [ids.length, 7]);
          const { outputs } = perceiverForward(params, shape, tokens, mask, { training: { dropout: size.attentionDropout, seed: dropoutSeed } });
          return tf.mean(tf.squaredDifference(outputs, targets)) as tf.Scalar;
        });
        // Gradients are keyed by variable name; the optimizer knows parameters by their Perceiver names.
        const named: tf.NamedTensorMap = {};
        for (const [name, variable] of params) {
          const grad = grads[variable.name];
          if (grad) named[name] = grad;
        }
        optimizer.applyGradients(named, learningRate);
        lossSum += value.dataSync()[0] ?? 0;
        batches += 1;
        value.dispose();
        tf.dispose(grads);
        // Let the event loop run between batches, so that a worker's 'cancel' message is delivered.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (cancelled) break;
      const valMeanPearson = meanPearson(valGold, predictClips(params, shape, reader, valIds));
      const metrics: EpochMetrics = {
        epoch: epochIndex + 1,
        trainLoss: lossSum / Math.max(1, batches),
        valMeanPearson,
        learningRate: learningRateAt(options, epochIndex, optimizer.step),
        ms: performance.now() - started,
      };
      const improved = meta.bestEpoch === 0 || (valMeanPearson ?? -Infinity) > (meta.bestValMeanPearson ?? -Infinity);
      meta = {
        ...meta,
        epoch: epochIndex + 1,
        optimizerStep: optimizer.step,
        history: [...meta.history, metrics],
        ...(improved ? { bestEpoch: epochIndex + 1, bestValMeanPearson: valMeanPearson } : {}),
      };
      if (improved) saveCheckpoint(bestPath, meta, params, null);
      saveCheckpoint(lastPath, meta, params, optimizer);
      // The last epochs' parameters, for the spread of their predictions (uncertainty.ts).
      saveCheckpoint(epochCheckpointPath(setup.checkpointDir, epochIndex + 1), meta, params, null);
      pruneEpochCheckpoints(setup.checkpointDir, epochIndex + 1);
      setup.onEpoch?.(metrics);
    }
  } finally {
    disposeParams(params);
    optimizer.dispose();
  }
  return { history: meta.history, bestEpoch: meta.bestEpoch, bestValMeanPearson: meta.bestValMeanPearson, bestCheckpoint: bestPath, cancelled };
}
