/**
 * @file Scores of a run's stored predictions against the gold labels of a split, as `viper evaluate` and
 * the UI show them: per-emotion Pearson / MSE / CCC, mean Pearson with a bootstrap 95 % interval, and the
 * paper's 10×10 row-normalised confusion matrices; plus the CSV of predictions in the challenge layout.
 */
import { stringify } from 'csv-stringify/sync';
import { EMOTIONS, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { DEFAULT_RESAMPLES } from '../../shared/common-schemas';
import type { Evaluation } from '../../shared/fusion-api';
import { bootstrapMeanPearson, confusionMatrices, scoreSplit } from './metrics';
import { PredictionsStore, type ScoredPairs } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';

export type { Evaluation };

export function evaluateRun(db: Db, options: { run?: number; split: Split; resamples?: number }): Evaluation {
  return evaluateWithPairs(db, options).evaluation;
}

/** evaluateRun, also handing back the scored pairs it was computed from (the Analysis screen's points). */
export function evaluateWithPairs(db: Db, options: { run?: number; split: Split; resamples?: number }): { evaluation: Evaluation; pairs: ScoredPairs } {
  const store = new RunsStore(db);
  const run = store.resolve(options.run);
  const pairs = new PredictionsStore(db).scoredPairs(run.id, options.split);
  if (pairs.clipIds.length === 0) {
    throw new ViperError(
      'fusion/no-predictions',
      `fusion run ${run.id} has no predictions for labelled ${options.split} clips. Run "viper predict --run ${run.id}", or pick a split with gold labels (--split).`,
      { subject: String(run.id) },
    );
  }
  const evaluation: Evaluation = {
    runId: run.id,
    kind: run.kind,
    split: options.split,
    scores: scoreSplit(pairs.gold, pairs.predicted),
    interval: bootstrapMeanPearson(pairs.gold, pairs.predicted, { resamples: options.resamples ?? DEFAULT_RESAMPLES }),
    confusion: confusionMatrices(pairs.gold, pairs.predicted),
  };
  return { evaluation, pairs };
}

/** The challenge's submission layout: File_ID as the labels CSV wrote it, then the 7 emotions. */
export function predictionsCsv(db: Db, options: { run?: number; split?: Split }): { csv: string; rows: number; runId: number } {
  const store = new RunsStore(db);
  const run = store.resolve(options.run);
  const rows = new PredictionsStore(db).rows(run.id, options.split);
  if (rows.length === 0) throw new ViperError('fusion/no-predictions', `fusion run ${run.id} has no predictions${options.split ? ` for ${options.split}` : ''}. Run "viper predict --run ${run.id}".`, { subject: String(run.id) });
  const csv = stringify([['File_ID', ...EMOTIONS], ...rows.map((r) => [r.fileId, ...r.values.map((v) => v.toFixed(6))])]);
  return { csv, rows: rows.length, runId: run.id };
}
