/**
 * Fusion benchmark: the compact Perceiver's training step and epoch (measured on 1k clips streamed from a
 * real SQLite store; 5k and 25k projected from the measured per-step and per-batch-read times), peak
 * memory, prediction throughput through onnxruntime-node, and a step of the `paper` preset — on each
 * TF.js backend available here. Tokens have the default real sizes: image 1024 (FaceRes) + audio 128 +
 * text 100 + fau 32 = 1284 values, 32 frames.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Tensor } from 'onnxruntime-node';
import { PRESETS, trainOptionsSchema, type PerceiverSize } from '../src/main/fusion/config';
import { prepareTrainingData } from '../src/main/fusion/dataset';
import { FeatureReader } from '../src/main/fusion/feature-reader';
import { exportPerceiverOnnx } from '../src/main/fusion/onnx-export';
import { AdamW, TORCH_ADAMW_DEFAULTS } from '../src/main/fusion/adamw';
import { perceiverForward } from '../src/main/fusion/perceiver';
import { disposeParams, initParams, parameterCount, readParams, type PerceiverShape } from '../src/main/fusion/perceiver-params';
import { analysedClipIds, predictWithRun } from '../src/main/fusion/predict';
import { sessionFactory } from '../src/main/models/session';
import { RunsStore } from '../src/main/store/runs-store';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { initTfBackend, type TfBackendName } from '../src/main/fusion/tf-backend';
import { loadCheckpointParams, trainLoop } from '../src/main/fusion/train-loop';
import { openStore } from '../src/main/store/database';
import { makeTempDir } from '../src/main/test-support/fixtures';

export const FUSION_DIMS = { image: 1024, audio: 128, text: 100, fau: 32 } as const;
const FRAMES = 32;
const PAPER_TOKEN = 2080;
const BATCH = 16;

export interface BackendFigures {
  backend: TfBackendName;
  compactParameters: number;
  msPerStep: number;
  /** Measured: one real epoch over `measuredClips` Train clips streamed from SQLite, Val pass included. */
  measuredClips: number;
  measuredEpochMs: number;
  /** Projected epoch times (step time + batch read time per step, Val pass scaled). */
  epochMsAt: Record<'1k' | '5k' | '25k', number>;
  paper: { parameters: number; batch: number; msPerStep: number; skipped?: string } | null;
}

export interface FusionBenchResult {
  backends: BackendFigures[];
  msPerBatchRead: number;
  predictionClipsPerS: number;
  onnxSessionClipsPerS: number;
  peakRssMb: number;
  limits: { epoch25kMs: number; predictionClipsPerS: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median ms of a training step (forward, backward, AdamW) over `steps` after one warm-up. */
function timeSteps(size: PerceiverSize, batch: number, steps: number, tokenDim = 1284): number {
  const shape: PerceiverShape = { size, tokenDim };
  const params = initParams(shape, 1);
  const optimizer = new AdamW(params, TORCH_ADAMW_DEFAULTS);
  const tokens = tf.randomNormal([batch, FRAMES, tokenDim]) as tf.Tensor3D;
  const mask = tf.ones([batch, FRAMES]) as tf.Tensor2D;
  const targets = tf.randomUniform([batch, 7]);
  const times: number[] = [];
  for (let i = 0; i <= steps; i += 1) {
    const started = performance.now();
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.squaredDifference(perceiverForward(params, shape, tokens, mask, { training: { dropout: size.attentionDropout, seed: i } }).outputs, targets)) as tf.Scalar);
    const named: tf.NamedTensorMap = {};
    for (const [name, variable] of params) if (grads[variable.name]) named[name] = grads[variable.name] as tf.Tensor;
    optimizer.applyGradients(named, 1e-5);
    value.dataSync();
    tf.dispose([value, grads]);
    if (i > 0) times.push(performance.now() - started);
  }
  tf.dispose([tokens, mask, targets]);
  disposeParams(params);
  optimizer.dispose();
  return median(times);
}

export async function benchFusion(options: { clips?: number; paperBatch?: number; backends?: TfBackendName[] } = {}): Promise<FusionBenchResult> {
  const clips = options.clips ?? 1000;
  const temp = makeTempDir('viper-fusion-bench-');
  try {
    const dbPath = join(temp.dir, 'bench.db');
    const db = openStore(dbPath);
    const train = Math.round(clips * 0.8);
    writeSyntheticSet(db, { splits: { Train: train, Val: clips - train }, frames: FRAMES, dims: FUSION_DIMS, seed: 1, missingShare: 0.1 });
    const data = prepareTrainingData(db, ['image', 'audio', 'text', 'fau']);
    const reader = new FeatureReader(db, data.layout);
    const readTimes: number[] = [];
    for (let start = 0; start < Math.min(train, 20 * BATCH); start += BATCH) {
      const started = performance.now();
      reader.loadBatch(data.train.slice(start, start + BATCH).map((c) => c.clipId));
      readTimes.push(performance.now() - started);
    }
    const msPerBatchRead = median(readTimes);

    const backends: BackendFigures[] = [];
    let onnxPath = '';
    for (const backend of options.backends ?? (['tensorflow', 'wasm', 'cpu'] as const)) {
      try {
        await initTfBackend(backend);
      } catch {
        continue;
      }
      const compact = PRESETS.compact;
      const msPerStep = timeSteps(compact, BATCH, backend === 'cpu' ? 2 : 5);
      const options1 = trainOptionsSchema.parse({ epochs: 1, learningRate: 1e-4 });
      const checkpointDir = join(temp.dir, `ck-${backend}`);
      const started = performance.now();
      // The cpu backend is an order of magnitude slower: its "measured" epoch is projected instead.
      const measured = backend === 'cpu' ? null : await trainLoop({ db, data, size: compact, options: options1, checkpointDir });
      const measuredEpochMs = measured ? performance.now() - started : Number.NaN;
      const valShare = (clips - train) / train;
      const project = (n: number): number => Math.ceil((n * 0.8) / BATCH) * (msPerStep + msPerBatchRead) * (1 + valShare / 3);
      let paper: BackendFigures['paper'] = null;
      const paperParameters = parameterCount({ size: PRESETS.paper, tokenDim: PAPER_TOKEN });
      if (options.paperBatch && backend === 'wasm') {
        // Parameters, gradients and both AdamW moments: 16 bytes a parameter, past wasm32's 4 GiB heap (it aborts).
        paper = { parameters: paperParameters, batch: options.paperBatch, msPerStep: Number.NaN, skipped: `needs ${((paperParameters * 16) / 2 ** 30).toFixed(1)} GiB for weights, gradients and AdamW moments; the wasm heap is capped at 4 GiB` };
      } else if (options.paperBatch) {
        // The paper's own token (768 + 512 + 768 + 32 = 2080): its 8 cross-attention heads need a width divisible by 8.
        paper = { parameters: paperParameters, batch: options.paperBatch, msPerStep: timeSteps(PRESETS.paper, options.paperBatch, 1, PAPER_TOKEN) };
      }
      if (measured && !onnxPath) {
        const { params, meta } = loadCheckpointParams(measured.bestCheckpoint);
        onnxPath = join(temp.dir, 'model.onnx');
        writeFileSync(onnxPath, exportPerceiverOnnx(meta.shape, readParams(params)));
        disposeParams(params);
      }
      backends.push({
        backend,
        compactParameters: parameterCount({ size: compact, tokenDim: 1284 }),
        msPerStep,
        measuredClips: train,
        measuredEpochMs,
        epochMsAt: { '1k': project(1000), '5k': project(5000), '25k': project(25_000) },
        paper,
      });
    }

    // Prediction: the whole path (SQLite read, ONNX Runtime, storing results with attention) and the session alone.
    const store = new RunsStore(db);
    const runId = store.create('perceiver', data.layout.modalities, { layout: data.layout }, new Date().toISOString());
    store.update(runId, { onnxPath, state: 'done' });
    const ids = analysedClipIds(db, data.layout.modalities);
    let started = performance.now();
    await predictWithRun(db, store.get(runId), { batchSize: 256 });
    const predictionClipsPerS = ids.length / ((performance.now() - started) / 1000);
    const session = await sessionFactory().open(onnxPath);
    const n = Math.min(256, ids.length);
    const batch = reader.loadBatch(ids.slice(0, n));
    const feeds = { tokens: new Tensor('float32', batch.tokens, [n, FRAMES, 1284]), mask: new Tensor('float32', batch.mask, [n, FRAMES]) };
    await session.run(feeds);
    started = performance.now();
    for (let i = 0; i < 4; i += 1) await session.run(feeds);
    const onnxSessionClipsPerS = (4 * n) / ((performance.now() - started) / 1000);
    db.close();
    return {
      backends,
      msPerBatchRead,
      predictionClipsPerS,
      onnxSessionClipsPerS,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      limits: { epoch25kMs: 10 * 60_000, predictionClipsPerS: 1000 },
    };
  } finally {
    temp.cleanup();
  }
}
