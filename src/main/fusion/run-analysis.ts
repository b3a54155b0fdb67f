/**
 * @file What the Analysis screen shows of one run on one split: the evaluation (as `viper evaluate`), each
 * scored clip's gold and predicted intensities for the scatter plots, and the clips behind each confusion
 * cell, all from the one metrics module so the screen bins and scores nothing itself.
 */
import type { Split } from '../../shared/emotions';
import { ClipsStore } from '../store/clips-store';
import type { Db } from '../store/database';
import type { RunEvaluation } from '../../shared/evaluation-api';
import { evaluateWithPairs } from './evaluate';
import { confusionCellClipIds } from './metrics';

export function analyseRun(db: Db, options: { run?: number; split: Split; resamples?: number }): RunEvaluation {
  const { evaluation, pairs } = evaluateWithPairs(db, options);
  const clips = new ClipsStore(db);
  return {
    evaluation,
    points: pairs.clipIds.map((clipId, i) => ({ clipId, fileId: String(clips.fileIdOf(clipId)), gold: pairs.gold[i] ?? [], predicted: pairs.predicted[i] ?? [] })),
    cells: confusionCellClipIds(pairs.gold, pairs.predicted, pairs.clipIds),
  };
}
