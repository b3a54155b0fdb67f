/**
 * @file The paper's ablation (its Table 3): one training run per modality combination it reports, plus
 * the FAU-only baseline, each with Val and Test mean Pearson, bootstrap 95 % intervals, and the paper's
 * figures beside them for reference. (The paper's VGGFace2 baseline needs a VGGFace2 image model, which no
 * npm package ships: it is listed with the paper's figures and no run.)
 */
import type { Split } from '../../shared/emotions';
import { DEFAULT_RESAMPLES, type Modality } from '../../shared/common-schemas';
import type { AblationRowResult } from '../../shared/fusion-api';
import { bootstrapMeanPearson, type Interval } from './metrics';
import { PredictionsStore } from '../store/predictions-store';
import { trainRun, type TrainRequest, type TrainRunContext } from './train-run';
import type { EpochMetrics } from './train-loop';

export interface AblationRow {
  label: string;
  modalities: Modality[];
  /** Dev / test mean Pearson reported in the paper. */
  paper: { val: number; test: number };
}

export const PAPER_TABLE: readonly AblationRow[] = [
  { label: 'image', modalities: ['image'], paper: { val: 0.2712, test: 0.2622 } },
  { label: 'image + text', modalities: ['image', 'text'], paper: { val: 0.2806, test: 0.2702 } },
  { label: 'image + audio', modalities: ['image', 'audio'], paper: { val: 0.2748, test: 0.261 } },
  { label: 'image + FAU', modalities: ['image', 'fau'], paper: { val: 0.2978, test: 0.2859 } },
  { label: 'image + audio + text + FAU', modalities: ['image', 'audio', 'text', 'fau'], paper: { val: 0.3025, test: 0.297 } },
  { label: 'FAU only (baseline)', modalities: ['fau'], paper: { val: 0.284, test: 0.2801 } },
];

export const PAPER_VGGFACE2 = { label: 'VGGFace2 (baseline, not run)', paper: { val: 0.2488, test: 0.183 } };

/** A row of fusion.ablate's answer; every row trained here has its run. */
export type AblationResult = AblationRowResult & { runId: number };

function interval(store: PredictionsStore, runId: number, split: Split, resamples: number): Interval | null {
  const pairs = store.scoredPairs(runId, split);
  return pairs.clipIds.length < 3 ? null : bootstrapMeanPearson(pairs.gold, pairs.predicted, { resamples });
}

export async function runAblation(
  ctx: TrainRunContext,
  base: Omit<TrainRequest, 'modalities' | 'resumeRunId'>,
  options: { rows?: readonly AblationRow[]; resamples?: number; signal?: AbortSignal; onRun?: (row: AblationRow, index: number) => void; onEpoch?: (m: EpochMetrics) => void } = {},
): Promise<AblationResult[]> {
  const store = new PredictionsStore(ctx.db);
  const results: AblationResult[] = [];
  for (const [index, row] of (options.rows ?? PAPER_TABLE).entries()) {
    if (options.signal?.aborted) break;
    options.onRun?.(row, index);
    const run = await trainRun(ctx, { ...base, modalities: row.modalities }, { ...(options.signal ? { signal: options.signal } : {}), ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}) });
    if (run.cancelled) break;
    results.push({
      label: row.label,
      modalities: row.modalities,
      runId: run.runId,
      val: run.val?.meanPearson ?? null,
      test: run.test?.meanPearson ?? null,
      valInterval: interval(store, run.runId, 'Val', options.resamples ?? DEFAULT_RESAMPLES),
      testInterval: interval(store, run.runId, 'Test', options.resamples ?? DEFAULT_RESAMPLES),
      paper: row.paper,
    });
  }
  return results;
}
