/**
 * @file Agreement between annotators who labelled the same clips (table labels, one row per clip and
 * annotator): per emotion ICC(2,1) over all annotators compared and Lin's CCC averaged over their pairs,
 * on the clips every one of them labelled completely (ICC needs a full clips × raters matrix).
 */
import { EMOTIONS, type Split } from '../../shared/emotions';
import type { Agreement } from '../../shared/evaluation-api';
import type { Db } from '../store/database';
import { LabelsStore } from '../store/labels-store';
import { ccc, icc21 } from './metrics';

export function annotatorAgreement(db: Db, options: { split?: Split | undefined; annotators?: readonly string[] | undefined }): Agreement {
  const rows = new LabelsStore(db).completeLabellings(options.split);
  const annotators = options.annotators ? [...options.annotators] : [...new Set(rows.map((r) => r[1]))].sort();
  // clip id → annotator → the seven values
  const byClip = new Map<number, Map<string, number[]>>();
  for (const [clipId, annotator, ...values] of rows) {
    if (!annotators.includes(annotator)) continue;
    const clip = byClip.get(clipId) ?? new Map<string, number[]>();
    clip.set(annotator, values);
    byClip.set(clipId, clip);
  }
  const complete = [...byClip.values()].filter((clip) => clip.size === annotators.length && annotators.length >= 2);
  const perEmotion = EMOTIONS.map((emotion, e) => {
    const ratings = complete.map((clip) => annotators.map((a) => clip.get(a)?.[e] ?? 0));
    const pairCcc: number[] = [];
    for (let a = 0; a < annotators.length; a += 1) {
      for (let b = a + 1; b < annotators.length; b += 1) {
        const value = ratings.length < 2 ? null : ccc(ratings.map((r) => r[a] ?? 0), ratings.map((r) => r[b] ?? 0));
        if (value !== null) pairCcc.push(value);
      }
    }
    return { emotion, icc: icc21(ratings), meanPairCcc: pairCcc.length === 0 ? null : pairCcc.reduce((x, y) => x + y, 0) / pairCcc.length };
  });
  return { annotators, clips: complete.length, perEmotion };
}
