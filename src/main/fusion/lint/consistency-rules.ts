/**
 * @file The lint rules that judge labels against other labels and against a model: far from the run's
 * prediction (relative to the run's own residual spread, robustly: median and MAD, so the outliers being
 * looked for do not widen the yardstick), an annotator far from the others, the same row on many clips.
 */
import { EMOTIONS, completeLabels, type LabelValues } from '../../../shared/emotions';
import type { LintFlag, LintThresholds } from '../../../shared/lint-api';
import type { LabelRow } from '../../store/lint-evidence-store';
import { two, type GoldClip } from './evidence-rules';

export interface RuleOutcome {
  flags: LintFlag[];
  checked: number;
  skippedBecause: string | null;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Scale of the normal distribution's MAD: 1.4826 × MAD estimates its standard deviation. */
const MAD_TO_SD = 1.4826;

/**
 * far-from-prediction, per split and emotion over the clips with that emotion set and a prediction of the
 * run: the run fits its Train clips more closely than Val or Test, so each split has its own yardstick.
 */
export function farFromPrediction(golds: readonly GoldClip[], predictions: ReadonlyMap<number, readonly number[]>, runId: number, t: LintThresholds): RuleOutcome {
  const scored = golds.filter((clip) => predictions.has(clip.clipId));
  if (scored.length < t.residualClipsMin) {
    return { flags: [], checked: scored.length, skippedBecause: `run ${runId} predicted ${scored.length} of these labelled clips; at least ${t.residualClipsMin} are needed to know its residual spread` };
  }
  const bySplit = new Map<string, GoldClip[]>();
  for (const clip of scored) pushTo(bySplit, clip.split ?? 'no split', clip);
  const flags: LintFlag[] = [];
  for (const [split, clips] of bySplit) {
    EMOTIONS.forEach((emotion, e) => {
      const pairs = clips.flatMap((clip) => {
        const gold = clip.values[emotion];
        const predicted = predictions.get(clip.clipId)?.[e];
        return gold === null || predicted === undefined ? [] : [{ clip, gold, predicted, residual: gold - predicted }];
      });
      if (pairs.length < t.residualClipsMin) return;
      const residuals = pairs.map((p) => p.residual).sort((a, b) => a - b);
      const centre = median(residuals);
      const sd = MAD_TO_SD * median(residuals.map((r) => Math.abs(r - centre)).sort((a, b) => a - b));
      for (const p of pairs) {
        const z = Math.abs(p.residual - centre) / Math.max(sd, 1e-9);
        if (z < t.residualZ || Math.abs(p.residual) < t.residualMin) continue;
        flags.push({
          clipId: p.clip.clipId,
          fileId: p.clip.fileId,
          rule: 'far-from-prediction',
          annotator: 'gold',
          emotion,
          reason: `${emotion} ${two(p.gold)}, run ${runId} predicts ${two(p.predicted)}: residual ${p.residual >= 0 ? '+' : ''}${two(p.residual)}, ${z >= 100 ? '≥ 100' : z.toFixed(1)} robust SDs from the run's median residual ${two(centre)} (SD ${sd.toFixed(3)} over ${pairs.length} ${split} clips)`,
          evidence: { gold: p.gold, predicted: p.predicted, residual: p.residual, medianResidual: centre, robustSd: sd, z: Math.min(z, 1e6), clips: pairs.length },
        });
      }
    });
  }
  return { flags, checked: scored.length, skippedBecause: null };
}

/** annotator-outlier: on each clip, each annotator against the mean of the others, on the emotion with the largest gap. */
export function annotatorOutliers(rows: readonly LabelRow[], t: LintThresholds): RuleOutcome {
  const byClip = new Map<number, LabelRow[]>();
  for (const row of rows) pushTo(byClip, row.clipId, row);
  const flags: LintFlag[] = [];
  let checked = 0;
  for (const clipRows of byClip.values()) {
    if (clipRows.length < t.annotatorOthersMin + 1) continue;
    checked += 1;
    for (const row of clipRows) {
      let worst: { emotion: (typeof EMOTIONS)[number]; value: number; othersMean: number; others: number; gap: number } | null = null;
      for (const emotion of EMOTIONS) {
        const value = row.values[emotion];
        const others = clipRows.filter((other) => other !== row).flatMap((other) => (other.values[emotion] === null ? [] : [other.values[emotion] as number]));
        if (value === null || others.length < t.annotatorOthersMin) continue;
        const othersMean = others.reduce((a, b) => a + b, 0) / others.length;
        const gap = Math.abs(value - othersMean);
        if (gap >= t.annotatorGap && (!worst || gap > worst.gap)) worst = { emotion, value, othersMean, others: others.length, gap };
      }
      if (!worst) continue;
      flags.push({
        clipId: row.clipId,
        fileId: row.fileId,
        rule: 'annotator-outlier',
        annotator: row.annotator,
        emotion: worst.emotion,
        reason: `${row.annotator} gave ${worst.emotion} ${two(worst.value)}; the ${worst.others} other annotators average ${two(worst.othersMean)} (gap ${two(worst.gap)})`,
        evidence: { value: worst.value, othersMean: worst.othersMean, others: worst.others, gap: worst.gap },
      });
    }
  }
  return {
    flags,
    checked,
    skippedBecause: checked === 0 ? `no clip has labels by ${t.annotatorOthersMin + 1} or more annotators` : null,
  };
}

const rowKey = (values: LabelValues): string | null => {
  const complete = completeLabels(values);
  return complete ? EMOTIONS.map((emotion) => complete[emotion].toFixed(4)).join(',') : null;
};

/** identical-rows: clips whose seven gold values repeat on at least identicalClipsMin clips. */
export function identicalRows(golds: readonly GoldClip[], t: LintThresholds): RuleOutcome {
  const groups = new Map<string, GoldClip[]>();
  let checked = 0;
  for (const clip of golds) {
    const key = rowKey(clip.values);
    if (key === null) continue;
    checked += 1;
    pushTo(groups, key, clip);
  }
  const flags: LintFlag[] = [];
  for (const [key, clips] of groups) {
    if (clips.length < t.identicalClipsMin) continue;
    const shown = clips.slice(0, 5).map((c) => c.fileId).join(', ') + (clips.length > 5 ? ', …' : '');
    const values = key.split(',').map((v) => two(Number(v))).join(' ');
    for (const clip of clips) {
      flags.push({ clipId: clip.clipId, fileId: clip.fileId, rule: 'identical-rows', annotator: 'gold', emotion: null, reason: `the same seven values (${values}) on ${clips.length} clips: ${shown}`, evidence: { clips: clips.length } });
    }
  }
  return { flags, checked, skippedBecause: null };
}
