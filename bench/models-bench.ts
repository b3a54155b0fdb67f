/**
 * Model benchmark: per default-pack face model, the latency of one batch (1 and 32 images) through
 * onnxruntime-node on CPU (through the app's session factory: all cores, and again on one thread) beside the
 * original TF.js graph run by TF.js (wasm backend with SIMD, loaded offline from node_modules; single-threaded
 * under Node), on the same seeded inputs in the same process. Each figure is the median of `repeats` rounds
 * after one warm-up, the three runtimes taking turns in each round. BlazeFace's graph fixes batch 1, so its
 * "batch 32" is 32 runs of batch 1 on both sides.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { DEFAULT_PACK } from '../src/main/models/pack/default-pack';
import { resolvePackSource } from '../src/main/models/pack/sources';
import { SessionFactory, type ModelSession } from '../src/main/models/session';
import { convertTfjsModel } from '../src/main/models/tfjs-convert/convert';
import { seededUniform } from '../src/main/models/tfjs-convert/parity-inputs';
import { readTfjsModel } from '../src/main/models/tfjs-convert/read-model';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend, type TfjsBackend } from '../src/main/models/tfjs-convert/tfjs-reference';
import { makeTempDir } from '../src/main/test-support/fixtures';

export interface ModelsBenchRow {
  model: string;
  batch: number;
  /** onnxruntime-node, CPU, as the app runs it (intra-op threads = all cores). Milliseconds per batch. */
  ortMs: number;
  /** onnxruntime-node, CPU, one intra-op thread: the like-for-like comparison with single-threaded TF.js. */
  ortOneThreadMs: number;
  tfjsMs: number;
  /** tfjsMs / ortMs and tfjsMs / ortOneThreadMs: how many times faster onnxruntime is. */
  speedup: number;
  speedupOneThread: number;
  /** Largest |difference| between the two runtimes' outputs on this input (a sanity check, not a timing). */
  maxAbsDiff: number;
}

export interface ModelsBenchReport {
  tfjsBackend: TfjsBackend;
  ortProvider: string;
  ortThreads: number;
  repeats: number;
  rows: ModelsBenchRow[];
}

export interface ModelsBenchOptions {
  models?: readonly string[];
  batches?: readonly number[];
  repeats?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * Median milliseconds of each runner over `repeats` rounds after one warm-up each. The runners take turns
 * within a round, so a burst of load from elsewhere on the machine slows all of them, not just one.
 */
async function timeInterleaved(repeats: number, runners: readonly (() => unknown)[]): Promise<number[]> {
  for (const run of runners) await run();
  const times = runners.map((): number[] => []);
  for (let round = 0; round < repeats; round++) {
    for (const [i, run] of runners.entries()) {
      const started = performance.now();
      await run();
      times[i]?.push(performance.now() - started);
    }
  }
  return times.map(median);
}

/** Runs `batch` images as one batch, or as `batch` runs of one where the graph fixes batch 1. */
function splitRuns(batch: number, fixedBatchOne: boolean): number[] {
  return fixedBatchOne ? Array<number>(batch).fill(1) : [batch];
}

export async function benchModels(options: ModelsBenchOptions = {}): Promise<ModelsBenchReport> {
  const batches = options.batches ?? [1, 32];
  const repeats = options.repeats ?? 5;
  const specs = DEFAULT_PACK.filter((spec) => spec.source.kind === 'tfjs-graph' && (!options.models || options.models.includes(spec.id)));
  let tfjsBackend: TfjsBackend = 'wasm';
  try {
    await useTfjsBackend('wasm');
  } catch {
    tfjsBackend = 'cpu';
    await useTfjsBackend('cpu');
  }
  const temp = makeTempDir('viper-bench-models-');
  const allCores = new SessionFactory({ provider: 'cpu' });
  const oneThread = new SessionFactory({ provider: 'cpu', intraOpThreads: 1 });
  const rows: ModelsBenchRow[] = [];
  let ortProvider = 'cpu';
  try {
    for (const spec of specs) {
      const model = await readTfjsModel(resolvePackSource(spec));
      const converted = convertTfjsModel(model);
      const path = join(temp.dir, `${spec.id}.onnx`);
      writeFileSync(path, converted.onnx);
      const sessions: [ModelSession, ModelSession] = [await allCores.open(path), await oneThread.open(path)];
      ortProvider = sessions[0].provider;
      const graph = await loadTfjsGraphModel(model);
      const input = converted.inputs[0];
      if (!input?.shape) throw new Error(`${spec.id}: the converted input has no shape`);
      const fixedBatchOne = input.shape[0] === 1;
      const perImage = input.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1));
      const imageSize = perImage.reduce((a, b) => a * b, 1);
      const [low, high] = spec.preprocessing.range;
      const outputNames = converted.outputs.map((o) => o.tfjsName);
      for (const batch of batches) {
        const runs = splitRuns(batch, fixedBatchOne).map((n, i) => ({ shape: [n, ...perImage], data: seededUniform(n * imageSize, 100 + i, low, high) }));
        const ortRun = (session: ModelSession) => async () => {
          const results = [];
          for (const run of runs) results.push((await session.run({ [input.name]: new ort.Tensor('float32', run.data, run.shape) })).outputs);
          return results;
        };
        const tfjsRun = () => runs.map((run) => runTfjs(graph, run.data, run.shape, outputNames));
        const [ortMs = NaN, ortOneThreadMs = NaN, tfjsMs = NaN] = await timeInterleaved(repeats, [ortRun(sessions[0]), ortRun(sessions[1]), tfjsRun]);
        const [ortOut, tfjsOut] = [await ortRun(sessions[0])(), tfjsRun()];
        let maxAbsDiff = 0;
        ortOut.forEach((outputs, r) =>
          converted.outputs.forEach((o, k) => {
            const got = outputs[o.name]?.data as Float32Array;
            tfjsOut[r]?.[k]?.data.forEach((v, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - (got[j] ?? NaN)))));
          }),
        );
        rows.push({ model: spec.id, batch, ortMs, ortOneThreadMs, tfjsMs, speedup: tfjsMs / ortMs, speedupOneThread: tfjsMs / ortOneThreadMs, maxAbsDiff });
      }
      graph.dispose();
    }
  } finally {
    await allCores.closeAll();
    await oneThread.closeAll();
    temp.cleanup();
  }
  return { tfjsBackend, ortProvider, ortThreads: availableParallelism(), repeats, rows };
}
