/**
 * `viper lint` at Hume-Reaction's size: 25,067 synthetic clips (its Train / Val / Test sizes, every clip
 * gold-labelled) in a real SQLite store, each with a 32 × 32 FAU tensor, 32 analysed frames (face, speech
 * probability) and a trained run's prediction. Times `labels.lint` over the whole store and over Val through
 * the API (median of 3), beside the anchor measured in the same run: the same rows read and decoded with
 * no rule applied (labels, FAU tensors, the frames' face and speech summary, the predictions).
 */
import { join } from 'node:path';
import { EMOTIONS } from '../src/shared/emotions';
import { DEFAULT_LINT_THRESHOLDS } from '../src/shared/lint-api';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { seededRandom } from '../src/main/fusion/metrics';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { float32FromBlob } from '../src/main/store/float32-blob';
import { LintEvidenceStore } from '../src/main/store/lint-evidence-store';
import { PredictionsStore } from '../src/main/store/predictions-store';
import { RunsStore } from '../src/main/store/runs-store';
import { writeTransaction } from '../src/main/store/statements';
import { insertSyntheticFrameAnalysis } from '../src/main/store/synthetic-rows';
import { makeTempDir } from '../src/main/test-support/fixtures';

/** Hume-Reaction's splits: 15,806 Train, 4,657 Val (devel), 4,604 Test = 25,067 clips. */
const SPLITS = { Train: 15_806, Val: 4_657, Test: 4_604 } as const;
const FRAMES = 32;
const TRIES = 3;

export interface LintBenchResult {
  clips: number;
  setupS: number;
  /** labels.lint over every clip, ms per try. */
  lintAllMs: number[];
  /** labels.lint --split Val, ms per try. */
  lintValMs: number[];
  /** The anchor: the same rows read and decoded, no rules, ms per try. */
  readsAloneMs: number[];
  flags: Record<string, number>;
  peakRssMb: number;
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** What the lint reads, read and decoded with no rule applied. */
function readAlone(store: LintEvidenceStore, runId: number): number {
  let touched = store.labelRows(null).length + store.frameEvidence(null, DEFAULT_LINT_THRESHOLDS.speechMin).length + store.predictions(runId, null).size;
  for (const tensor of store.fauTensors(null)) touched += float32FromBlob(tensor.data, 'bench').length > 0 ? 1 : 0;
  return touched;
}

export async function benchLint(): Promise<LintBenchResult> {
  const temp = makeTempDir('viper-lint-bench-');
  const ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'bench', env: {} });
  try {
    const setupStarted = performance.now();
    const { clipIds } = writeSyntheticSet(ctx.db, { splits: SPLITS, frames: FRAMES, dims: { fau: 32 }, seed: 1 });
    const random = seededRandom(2);
    const at = '2026-12-01T00:00:00.000Z';
    const runs = new RunsStore(ctx.db);
    const runId = runs.create('perceiver', ['fau'], {}, at);
    runs.update(runId, { state: 'done', finishedAt: at });
    const store = new LintEvidenceStore(ctx.db);
    const gold = new Map(store.labelRows(null).map((row) => [row.clipId, EMOTIONS.map((e) => row.values[e] ?? 0)]));
    writeTransaction(ctx.db, () => {
      for (const clipId of clipIds) {
        // 1 clip in 50 without a face; speech in about a third of the frames of 1 clip in 4.
        const faceless = random() < 0.02;
        const talks = random() < 0.25;
        insertSyntheticFrameAnalysis(ctx.db, clipId, Array.from({ length: FRAMES }, () => ({ face: !faceless, speechProb: talks && random() < 0.33 ? 0.9 : 0.1 * random() })), at);
      }
    });
    new PredictionsStore(ctx.db).write(
      runId,
      clipIds.map((clipId) => ({ clipId, values: (gold.get(clipId) ?? []).map((v) => Math.min(1, Math.max(0, v + (random() - 0.5) * 0.2 + (random() < 0.001 ? 0.6 : 0)))) })),
      at,
    );
    const setupS = (performance.now() - setupStarted) / 1000;

    const lintAllMs: number[] = [];
    const lintValMs: number[] = [];
    const readsAloneMs: number[] = [];
    let flags: Record<string, number> = {};
    for (let i = 0; i < TRIES; i += 1) {
      let started = performance.now();
      readAlone(store, runId);
      readsAloneMs.push(performance.now() - started);
      started = performance.now();
      const all = await callApi(ctx, 'labels.lint', {});
      lintAllMs.push(performance.now() - started);
      flags = Object.fromEntries(all.rules.map((r) => [r.rule, r.flagged]));
      started = performance.now();
      await callApi(ctx, 'labels.lint', { split: 'Val' });
      lintValMs.push(performance.now() - started);
    }
    return { clips: clipIds.length, setupS, lintAllMs, lintValMs, readsAloneMs, flags, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    ctx.close();
    temp.cleanup();
  }
}

export function printLintBench(report: LintBenchResult): void {
  const all = median(report.lintAllMs);
  const reads = median(report.readsAloneMs);
  console.log(`viper lint (labels.lint) on ${report.clips.toLocaleString('en')} synthetic clips, 32 frames each, with a trained run's predictions (store built in ${report.setupS.toFixed(0)} s):`);
  console.log(`every clip: ${report.lintAllMs.map((v) => v.toFixed(0)).join(', ')} ms; median ${all.toFixed(0)} ms`);
  console.log(`Val (${SPLITS.Val.toLocaleString('en')} clips): median ${median(report.lintValMs).toFixed(0)} ms`);
  console.log(`anchor, the same rows read and decoded with no rule: median ${reads.toFixed(0)} ms; the lint costs ${(all / reads).toFixed(2)}× its reads`);
  console.log(`flags per rule: ${Object.entries(report.flags).map(([rule, n]) => `${rule} ${n}`).join(', ')}; peak RSS ${report.peakRssMb.toFixed(0)} MB`);
}
