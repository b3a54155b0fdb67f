/**
 * @file The scores of the paper and the challenge, in one pure module (no TF.js, no I/O) that the CLI,
 * training and the UI share. Inputs are row-major: one row per clip, one column per emotion.
 *
 * Pearson is undefined when either column is constant (zero variance): it is returned as null, with the
 * reason, and never as NaN. Means over emotions skip undefined columns and say how many were used.
 */
import { DEFAULT_RESAMPLES } from '../../shared/common-schemas';
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import type { ConfusionMatrix, EmotionScores, Interval, PearsonResult, Scores } from '../../shared/fusion-api';

export type { ConfusionMatrix, EmotionScores, Interval, PearsonResult, Scores };

export type Matrix = readonly (readonly number[])[];

function column(rows: Matrix, index: number): number[] {
  return rows.map((row) => row[index] ?? Number.NaN);
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Pearson's r of two equally long series; null when one series is constant or has fewer than 2 values. */
export function pearson(gold: readonly number[], predicted: readonly number[]): PearsonResult {
  if (gold.length !== predicted.length) throw new Error(`pearson: ${gold.length} gold values but ${predicted.length} predictions`);
  if (gold.length < 2) return { value: null, undefinedBecause: `only ${gold.length} clip(s)` };
  const mg = mean(gold);
  const mp = mean(predicted);
  let sgp = 0;
  let sgg = 0;
  let spp = 0;
  for (let i = 0; i < gold.length; i += 1) {
    const dg = (gold[i] ?? 0) - mg;
    const dp = (predicted[i] ?? 0) - mp;
    sgp += dg * dp;
    sgg += dg * dg;
    spp += dp * dp;
  }
  // Constancy is tested on the values, not on the sums: a constant 0.2 leaves rounding residue in Σdg².
  const goldConstant = isConstant(gold);
  const predictedConstant = isConstant(predicted);
  if (goldConstant && predictedConstant) return { value: null, undefinedBecause: 'gold and predictions are both constant' };
  if (goldConstant) return { value: null, undefinedBecause: 'gold values are constant' };
  if (predictedConstant) return { value: null, undefinedBecause: 'predictions are constant' };
  return { value: Math.max(-1, Math.min(1, sgp / Math.sqrt(sgg * spp))) };
}

/** Lin's concordance correlation coefficient (population variances); null when both series are constant and equal. */
export function ccc(gold: readonly number[], predicted: readonly number[]): number | null {
  const n = gold.length;
  if (n === 0) return null;
  const mg = mean(gold);
  const mp = mean(predicted);
  let cov = 0;
  let vg = 0;
  let vp = 0;
  for (let i = 0; i < n; i += 1) {
    const dg = (gold[i] ?? 0) - mg;
    const dp = (predicted[i] ?? 0) - mp;
    cov += dg * dp;
    vg += dg * dg;
    vp += dp * dp;
  }
  const denominator = vg / n + vp / n + (mg - mp) ** 2;
  return denominator === 0 ? null : (2 * cov) / n / denominator;
}

export function mse(gold: readonly number[], predicted: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < gold.length; i += 1) sum += ((gold[i] ?? 0) - (predicted[i] ?? 0)) ** 2;
  return sum / gold.length;
}

function meanOfDefined(values: readonly (number | null)[]): { mean: number | null; count: number } {
  const defined = values.filter((v): v is number => v !== null);
  return { mean: defined.length === 0 ? null : mean(defined), count: defined.length };
}

/** All scores of a split: per emotion and their means. Rows are clips, columns EMOTIONS order. */
export function scoreSplit(gold: Matrix, predicted: Matrix): Scores {
  if (gold.length !== predicted.length) throw new Error(`scoreSplit: ${gold.length} gold rows but ${predicted.length} predicted rows`);
  const perEmotion = EMOTIONS.map((emotion, e): EmotionScores => {
    const g = column(gold, e);
    const p = column(predicted, e);
    return { emotion, pearson: pearson(g, p), mse: mse(g, p), ccc: ccc(g, p) };
  });
  const meanP = meanOfDefined(perEmotion.map((s) => s.pearson.value));
  return {
    clips: gold.length,
    perEmotion,
    meanPearson: meanP.mean,
    pearsonDefined: meanP.count,
    mse: mean(perEmotion.map((s) => s.mse)),
    meanCcc: meanOfDefined(perEmotion.map((s) => s.ccc)).mean,
  };
}

/** Mean Pearson only, the checkpoint-selection score. */
export function meanPearson(gold: Matrix, predicted: Matrix): number | null {
  return meanOfDefined(EMOTIONS.map((_, e) => pearson(column(gold, e), column(predicted, e)).value)).mean;
}

/** Bin of an intensity in 10 equal bins [0,0.1) … [0.9,1.0]; values outside [0,1] go to the end bins. */
export function intensityBin(value: number, bins = 10): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(value * bins)));
}

/** Per emotion, gold bins against predicted bins, as in the paper's Figures 2–3. */
export function confusionMatrices(gold: Matrix, predicted: Matrix, bins = 10): ConfusionMatrix[] {
  return EMOTIONS.map((emotion, e) => {
    const counts = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
    gold.forEach((row, i) => {
      const countsRow = counts[intensityBin(row[e] ?? 0, bins)];
      const p = intensityBin(predicted[i]?.[e] ?? 0, bins);
      if (countsRow) countsRow[p] = (countsRow[p] ?? 0) + 1;
    });
    const rowNormalised = counts.map((row) => {
      const total = row.reduce((a, b) => a + b, 0);
      return row.map((c) => (total === 0 ? 0 : c / total));
    });
    return { emotion, counts, rowNormalised };
  });
}

/**
 * Per emotion, the clip ids behind each cell of confusionMatrices (same binning): cellClipIds[goldBin][predictedBin],
 * so a screen can list the clips of a cell without binning anything itself.
 */
export function confusionCellClipIds(gold: Matrix, predicted: Matrix, clipIds: readonly number[], bins = 10): { emotion: Emotion; cellClipIds: number[][][] }[] {
  return EMOTIONS.map((emotion, e) => {
    const cells = Array.from({ length: bins }, () => Array.from({ length: bins }, (): number[] => []));
    gold.forEach((row, i) => {
      cells[intensityBin(row[e] ?? 0, bins)]?.[intensityBin(predicted[i]?.[e] ?? 0, bins)]?.push(clipIds[i] ?? 0);
    });
    return { emotion, cellClipIds: cells };
  });
}

/**
 * ICC(2,1) of Shrout & Fleiss (1979): two-way random effects, absolute agreement, one rater — the raters
 * are taken as a sample of possible annotators and a rater who is systematically higher counts as
 * disagreement. `ratings` is one row per clip, one column per rater (every clip rated by every rater).
 * Null with fewer than 2 clips or 2 raters, or when all ratings are equal (0/0).
 */
export function icc21(ratings: Matrix): number | null {
  const n = ratings.length;
  const k = ratings[0]?.length ?? 0;
  if (n < 2 || k < 2) return null;
  const grand = mean(ratings.flat());
  const rowMeans = ratings.map((row) => mean(row));
  const colMeans = Array.from({ length: k }, (_, j) => mean(column(ratings, j)));
  let ssRows = 0;
  let ssCols = 0;
  let ssTotal = 0;
  for (const m of rowMeans) ssRows += k * (m - grand) ** 2;
  for (const m of colMeans) ssCols += n * (m - grand) ** 2;
  for (const row of ratings) for (const v of row) ssTotal += (v - grand) ** 2;
  const msRows = ssRows / (n - 1);
  const msCols = ssCols / (k - 1);
  const msError = (ssTotal - ssRows - ssCols) / ((n - 1) * (k - 1));
  const denominator = msRows + (k - 1) * msError + (k * (msCols - msError)) / n;
  return denominator === 0 ? null : (msRows - msError) / denominator;
}

/** A small seeded generator (mulberry32): bootstrap intervals and training shuffles repeat with the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap interval of mean Pearson: clips resampled with replacement `resamples` times.
 * Null when fewer than half the resamples give a defined mean Pearson, or when they do not differ.
 */
export function bootstrapMeanPearson(gold: Matrix, predicted: Matrix, options: { resamples?: number; level?: number; seed?: number } = {}): Interval | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const n = gold.length;
  const values: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    const g: (readonly number[])[] = [];
    const p: (readonly number[])[] = [];
    for (let i = 0; i < n; i += 1) {
      const k = Math.floor(random() * n);
      g.push(gold[k] ?? []);
      p.push(predicted[k] ?? []);
    }
    const value = meanPearson(g, p);
    if (value !== null) values.push(value);
  }
  if (values.length < resamples / 2) return null;
  values.sort((a, b) => a - b);
  // Resamples that all give one value (2 clips: r = ±1 or undefined) are no interval: "0.1429 – 0.1429" claims certainty.
  if (values[0] === values[values.length - 1]) return null;
  const at = (q: number): number => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))] ?? Number.NaN;
  return { low: at((1 - level) / 2), high: at(1 - (1 - level) / 2), resamples: values.length };
}
