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
import { LabelsStore } from '../store/labels-store';
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
  if (pairs.clipIds.length === 0 && new LabelsStore(db).countLabelledIn(options.split) === 0) {
    throw new ViperError(
      'fusion/split-missing',
      `no labelled clips in the ${options.split} split: nothing to score. Give clips all seven gold values (review, or "viper import --labels"), or pick another split.`,
      { subject: options.split },
    );
  }
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

/**
 * The File_ID a submission names a clip by: as the labels CSV wrote it, else bracketed like the
 * challenge's files ("[00001]") for a clip named by its number, else the file name stem.
 */
export function submissionFileId(clip: { fileId: string; labelFileId: string | null }): string {
  return clip.labelFileId ?? (/^\d+$/.test(clip.fileId) ? `[${clip.fileId}]` : clip.fileId);
}

/**
 * The challenge's submission layout: File_ID, then the 7 emotions in the task's order. Clips of the split
 * without a prediction are named in `missing` (a submission without them would be refused or scored low).
 */
export function predictionsCsv(db: Db, options: { run?: number; split?: Split }): { csv: string; rows: number; runId: number; missing: string[]; warnings: string[] } {
  const store = new RunsStore(db);
  const run = store.resolve(options.run);
  const predictions = new PredictionsStore(db);
  const rows = predictions.rows(run.id, options.split);
  if (rows.length === 0) throw new ViperError('fusion/no-predictions', `fusion run ${run.id} has no predictions${options.split ? ` for ${options.split}` : ''}. Run "viper predict --run ${run.id}".`, { subject: String(run.id) });
  const csv = stringify([['File_ID', ...EMOTIONS], ...rows.map((r) => [submissionFileId(r), ...r.values.map((v) => v.toFixed(6))])]);
  const missing = predictions.clipsWithout(run.id, options.split).map(submissionFileId);
  const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, … (${missing.length - 10} more)` : '');
  const warnings =
    missing.length > 0
      ? [`${missing.length} clip(s)${options.split ? ` of ${options.split}` : ''} have no prediction from run ${run.id} and are not in the file: ${shown}. Analyse them ("viper analyze") and run "viper predict --run ${run.id}" again.`]
      : [];
  return { csv, rows: rows.length, runId: run.id, missing, warnings };
}
