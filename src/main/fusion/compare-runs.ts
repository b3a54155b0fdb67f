/**
 * @file Two runs side by side on a split: each emotion's Pearson and CCC of both runs on the same labelled
 * clips (so a difference is the runs', not the clips'), and the clips where their predictions are furthest
 * apart, labelled or not: where one of them must be wrong.
 */
import { EMOTIONS, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { RunComparison, RunDisagreement } from '../../shared/runs-api';
import type { Db } from '../store/database';
import { RunPairsStore } from '../store/run-pairs-store';
import { RunsStore } from '../store/runs-store';
import { scoreSplit } from './metrics';

export function compareRuns(db: Db, options: { a: number; b: number; split: Split; limit: number }): RunComparison {
  const runs = new RunsStore(db);
  const [a, b] = [runs.get(options.a), runs.get(options.b)];
  const pairs = new RunPairsStore(db).pairs(a.id, b.id, options.split);
  if (pairs.length === 0) {
    throw new ViperError(
      'fusion/no-predictions',
      `runs ${a.id} and ${b.id} have no ${options.split} clip predicted by both. Predict with each ("viper predict --run ${a.id}", "viper predict --run ${b.id}"), or pick another split (--split).`,
      { subject: `${a.id},${b.id}` },
    );
  }
  const labelled = pairs.filter((p) => p.gold !== null);
  const gold = labelled.map((p) => p.gold ?? []);
  const scoresA = labelled.length > 0 ? scoreSplit(gold, labelled.map((p) => p.a)) : null;
  const scoresB = labelled.length > 0 ? scoreSplit(gold, labelled.map((p) => p.b)) : null;
  const noLabels = { value: null, undefinedBecause: `no labelled ${options.split} clip predicted by both runs` };
  const disagreements: RunDisagreement[] = pairs
    .map((p) => {
      const differences = p.a.map((v, e) => Math.abs(v - (p.b[e] ?? 0)));
      const widest = differences.indexOf(Math.max(...differences));
      return {
        clipId: p.clipId,
        fileId: p.fileId,
        meanAbsDifference: differences.reduce((sum, d) => sum + d, 0) / differences.length,
        emotion: EMOTIONS[widest] ?? EMOTIONS[0],
        a: p.a,
        b: p.b,
        gold: p.gold,
      };
    })
    .sort((x, y) => y.meanAbsDifference - x.meanAbsDifference || x.clipId - y.clipId)
    .slice(0, options.limit);
  return {
    a: { id: a.id, name: a.name, kind: a.kind },
    b: { id: b.id, name: b.name, kind: b.kind },
    split: options.split,
    predictedByBoth: pairs.length,
    n: labelled.length,
    perEmotion: EMOTIONS.map((emotion, e) => ({
      emotion,
      pearsonA: scoresA?.perEmotion[e]?.pearson ?? noLabels,
      pearsonB: scoresB?.perEmotion[e]?.pearson ?? noLabels,
      cccA: scoresA?.perEmotion[e]?.ccc ?? null,
      cccB: scoresB?.perEmotion[e]?.ccc ?? null,
    })),
    meanPearsonA: scoresA?.meanPearson ?? null,
    meanPearsonB: scoresB?.meanPearson ?? null,
    meanCccA: scoresA?.meanCcc ?? null,
    meanCccB: scoresB?.meanCcc ?? null,
    disagreements,
  };
}
