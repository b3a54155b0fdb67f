/**
 * Runs benchmark: what reuse, uncertainty, comparison and deletion cost on 2,000 clips of FAU features
 * (32 frames × 32 values, in a real SQLite file; every figure grows linearly with the clips, so 25,067 —
 * Hume-Reaction — is printed as a projection: 25k clips take over an hour to set up and train here), each
 * beside an anchor measured in the same run:
 *   - the prior's features fingerprint and a reused `predict --prior`, beside the prior predicted afresh;
 *   - the uncertainty of every clip (5 epoch models through onnxruntime-node), beside the run's own
 *     prediction of every clip (1 model);
 *   - `runs.compare` of two runs on the Test clips, and `runs.delete` of one.
 */
import { join } from 'node:path';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { predictPrior } from '../src/main/fusion/prior';
import { predictWithRun } from '../src/main/fusion/predict';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { trainRun } from '../src/main/fusion/train-run';
import { predictUncertainty } from '../src/main/fusion/uncertainty';
import { FeaturesStore } from '../src/main/store/features-store';
import { RunsStore } from '../src/main/store/runs-store';
import { makeTempDir } from '../src/main/test-support/fixtures';

export interface RunsBenchResult {
  clips: number;
  prior: { freshMs: number; fingerprintMs: number; reusedMs: number };
  prediction: { oneModelMs: number; uncertaintyMs: number; ratio: number };
  compareMs: number;
  deleteMs: number;
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function benchRuns(clips = 2_000): Promise<RunsBenchResult> {
  const temp = makeTempDir('viper-bench-runs-');
  const ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'bench' });
  try {
    const train = 256;
    const val = 128;
    writeSyntheticSet(ctx.db, { splits: { Train: train, Val: val, Test: clips - train - val }, frames: 32, dims: { fau: 32 }, seed: 4 });
    const fresh = await timed(() => predictPrior(ctx.db, ctx.now));
    const fingerprint = await timed(() => new FeaturesStore(ctx.db).fingerprint(['fau', 'mask']));
    const reused = await timed(() => predictPrior(ctx.db, ctx.now));
    if (!reused.value.reused) throw new Error('runs bench: the prior was not reused');

    // Two compact runs on the Train clips (6 epochs: 5 epoch checkpoints kept), each predicting every clip.
    const request = { modalities: ['fau' as const], preset: 'compact' as const, options: { epochs: 6, learningRate: 1e-3 }, backend: 'wasm' as const };
    const a = await trainRun(ctx, request);
    const b = await trainRun(ctx, { ...request, options: { ...request.options, seed: 7 } });
    const run = new RunsStore(ctx.db).get(a.runId);
    const one = await timed(() => predictWithRun(ctx.db, run));
    const spread = await timed(() => predictUncertainty(ctx.db, run));
    const compare = await timed(() => callApi(ctx, 'runs.compare', { a: a.runId, b: b.runId, split: 'Test' }));
    const removed = await timed(() => callApi(ctx, 'runs.delete', { run: b.runId }));
    return {
      clips,
      prior: { freshMs: fresh.ms, fingerprintMs: fingerprint.ms, reusedMs: reused.ms },
      prediction: { oneModelMs: one.ms, uncertaintyMs: spread.ms, ratio: spread.ms / one.ms },
      compareMs: compare.ms,
      deleteMs: removed.ms,
    };
  } finally {
    ctx.close();
    temp.cleanup();
  }
}

export function printRunsBench(result: RunsBenchResult): void {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`runs, ${result.clips} clips of FAU features (32 × 32):`);
  console.log(`prior predicted afresh ${s(result.prior.freshMs)}; features fingerprint ${s(result.prior.fingerprintMs)}; predict --prior reused ${s(result.prior.reusedMs)} (${((100 * result.prior.reusedMs) / result.prior.freshMs).toFixed(0)} % of afresh)`);
  const at25k = (ms: number): string => s((ms * 25_067) / result.clips);
  console.log(`compact run predicting every clip ${s(result.prediction.oneModelMs)}; uncertainty (5 epoch models) ${s(result.prediction.uncertaintyMs)} = ${result.prediction.ratio.toFixed(1)}× the prediction`);
  console.log(`projected to 25,067 clips: prediction ${at25k(result.prediction.oneModelMs)}, uncertainty ${at25k(result.prediction.uncertaintyMs)}, prior afresh ${at25k(result.prior.freshMs)}, reused ${at25k(result.prior.reusedMs)}`);
  console.log(`runs.compare on ${result.clips - 384} Test clips ${s(result.compareMs)}; runs.delete (predictions, epochs, files) ${s(result.deleteMs)}`);
}
