import { describe, expect, it } from 'vitest';
import { bootstrapMeanPearson, ccc, confusionCellClipIds, confusionMatrices, icc21, intensityBin, mse, pearson, scoreSplit } from './metrics';

/** Seven columns where every emotion gets the same pair of series. */
const rows = (values: readonly number[]): number[][] => values.map((v) => new Array<number>(7).fill(v));

describe('metrics', () => {
  it('Pearson and CCC match hand-computed values', () => {
    // gold 1,2,3 vs 1,2,4: Σdg·dp = 3, Σdg² = 2, Σdp² = 42/9 → r = 3/√(2·42/9) = 0.98198.
    expect(pearson([1, 2, 3], [1, 2, 4]).value).toBeCloseTo(0.981981, 6);
    // CCC: cov 1, var 2/3 and 14/9, mean gap 1/3 → 2/(2/3 + 14/9 + 1/9) = 6/7.
    expect(ccc([1, 2, 3], [1, 2, 4])).toBeCloseTo(6 / 7, 10);
    expect(pearson([1, 2, 3], [3, 2, 1]).value).toBeCloseTo(-1, 12);
    expect(mse([0, 1], [0.5, 0.5])).toBeCloseTo(0.25, 12);
  });

  it('says why Pearson is undefined instead of returning NaN', () => {
    expect(pearson([0.2, 0.2, 0.2], [0.1, 0.5, 0.3])).toEqual({ value: null, undefinedBecause: 'gold values are constant' });
    expect(pearson([0.1, 0.5, 0.3], [0.4, 0.4, 0.4])).toEqual({ value: null, undefinedBecause: 'predictions are constant' });
    expect(pearson([1, 1], [1, 1])).toEqual({ value: null, undefinedBecause: 'gold and predictions are both constant' });
    const scores = scoreSplit(rows([0.5, 0.5, 0.5]), rows([0.1, 0.2, 0.3]));
    expect(scores.meanPearson).toBeNull();
    expect(scores.pearsonDefined).toBe(0);
    expect(JSON.stringify(scores)).not.toContain('NaN');
  });

  it('averages per-emotion scores into the split scores', () => {
    const gold = [
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
      [0.2, 0.1, 0.5, 0.3, 0.6, 0.4, 0.1],
      [0.3, 0.4, 0.1, 0.2, 0.9, 0.8, 0.5],
    ];
    const predicted = gold.map((row) => row.map((v) => 2 * v + 0.1));
    const scores = scoreSplit(gold, predicted);
    expect(scores.meanPearson).toBeCloseTo(1, 10);
    expect(scores.perEmotion[0]?.emotion).toBe('Adoration');
    expect(scores.perEmotion[0]?.mse).toBeCloseTo(((0.2 ** 2) + (0.3 ** 2) + (0.4 ** 2)) / 3, 12);
  });

  it('bins intensities as the paper and row-normalises the confusion matrices', () => {
    expect([0, 0.0999, 0.1, 0.95, 1, 1.2, -0.1].map((v) => intensityBin(v))).toEqual([0, 0, 1, 9, 9, 9, 0]);
    const [adoration] = confusionMatrices(rows([0.05, 0.15, 0.15, 0.95, 1.0]), rows([0.05, 0.25, 0.15, 0.5, 0.99]));
    expect(adoration?.counts[0]?.[0]).toBe(1);
    expect(adoration?.counts[1]).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(adoration?.rowNormalised[1]).toEqual([0, 0.5, 0.5, 0, 0, 0, 0, 0, 0, 0]);
    expect(adoration?.rowNormalised[9]).toEqual([0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
    expect(adoration?.rowNormalised[4]).toEqual(new Array(10).fill(0));
  });

  it('gives a seeded bootstrap interval around the mean Pearson', () => {
    const gold = Array.from({ length: 60 }, (_, i) => Array.from({ length: 7 }, (_, e) => ((i * 7 + e * 13) % 17) / 17));
    const predicted = gold.map((row, i) => row.map((v, e) => v + (((i * 31 + e * 5) % 11) - 5) / 40));
    const point = scoreSplit(gold, predicted).meanPearson ?? 0;
    const interval = bootstrapMeanPearson(gold, predicted, { resamples: 300, seed: 7 });
    expect(interval).not.toBeNull();
    expect(interval!.low).toBeLessThan(point);
    expect(interval!.high).toBeGreaterThan(point);
    expect(bootstrapMeanPearson(gold, predicted, { resamples: 300, seed: 7 })).toEqual(interval);
  });

  it('gives no interval when the resamples do not differ (2 clips: every defined resample is r = ±1)', () => {
    const gold = [
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
      [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.2],
    ];
    const predicted = [
      [0.2, 0.1, 0.3, 0.5, 0.4, 0.7, 0.6],
      [0.7, 0.9, 0.6, 0.7, 0.6, 0.3, 0.4],
    ];
    expect(scoreSplit(gold, predicted).meanPearson).not.toBeNull();
    expect(bootstrapMeanPearson(gold, predicted, { resamples: 200, seed: 3 })).toBeNull();
  });
});

describe('agreement and confusion cells', () => {
  it('ICC(2,1) matches Shrout & Fleiss (1979), Table 2', () => {
    // 6 targets × 4 judges; the paper gives ICC(2,1) = 0.29 (ICC(3,1) would be 0.71).
    const judges = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    expect(icc21(judges)).toBeCloseTo(0.2898, 4);
  });

  it('ICC(2,1) by hand on 3 clips × 2 raters, and its limits', () => {
    // Rater B = A + 1 on [1,2,3], grand mean 2.5. Row means 1.5, 2.5, 3.5 → SSr = 2·(1+0+1) = 4, MSr = 2;
    // column means 2, 3 → SSc = 3·(0.25+0.25) = 1.5, MSc = 1.5; SSt = 5.5 = SSr + SSc, so MSe = 0;
    // ICC = (2 − 0) / (2 + 0 + 2·(1.5 − 0)/3) = 2/3: the constant offset counts against absolute agreement.
    expect(icc21([[1, 2], [2, 3], [3, 4]])).toBeCloseTo(2 / 3, 12);
    expect(icc21([[1, 1], [2, 2], [3, 3]])).toBeCloseTo(1, 12);
    expect(icc21([[0.5, 0.5], [0.5, 0.5]])).toBeNull();
    expect(icc21([[1, 2]])).toBeNull();
  });

  it('lists the clips behind each confusion cell with the same binning', () => {
    const gold = rows([0.05, 0.15, 0.15, 0.95]);
    const predicted = rows([0.05, 0.25, 0.15, 0.5]);
    const [adoration] = confusionCellClipIds(gold, predicted, [11, 12, 13, 14]);
    const [counts] = confusionMatrices(gold, predicted);
    expect(adoration?.cellClipIds[1]?.[2]).toEqual([12]);
    expect(adoration?.cellClipIds[1]?.[1]).toEqual([13]);
    expect(adoration?.cellClipIds[9]?.[5]).toEqual([14]);
    expect(adoration?.cellClipIds.map((row) => row.map((cell) => cell.length))).toEqual(counts?.counts);
  });
});
