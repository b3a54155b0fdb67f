/**
 * What an AU is measured against. By default ('population') one neutral face for everyone, so a single
 * frame has an intensity of its own (Py-Feat, OpenFace's static mode); then, only where the emotion model
 * is confident that some frames are neutral, the identity-dependent measures (brow height, eye aperture,
 * lip thickness, midface length) move towards this subject's own neutral by a bounded amount. 'clip' is OpenFace's
 * dynamic calibration: the clip's most-neutral third of frames, for videos known to hold a neutral phase.
 *
 * The population neutral (inter-ocular units, face-frame.ts) is the canonical face FaceMesh is fitted to —
 * MediaPipe's UV468 layout, shipped in @vladmandic/human's src/face/facemeshcoords.ts — measured with
 * face-measures.ts, except where that layout cannot stand for a face seen by the camera:
 *   browGap      UV468 0.238, but every real face on the fixtures, whatever its expression, 0.264–0.306
 *                (the texture unwrap squeezes the brows); the neutral fixture faces' mean, 0.284.
 *   cornerDepth  UV468 is flat (no depth); the neutral fixture faces' mean, 0.145.
 *   jawDrop      UV468 0.801, neutral fixture faces 0.70–0.74 frame by frame (the unwrap stretches the curved
 *                chin); their upper end, 0.74, so a long jaw at rest does not read as a dropped one.
 * "Neutral fixture faces": single_face.mp4's rest frames (0–0.55 s, neutral ≥ 0.99) and the young man at
 * the back of multi_face.jpg (neutral 0.58, mouth closed) — see README, "AU intensities".
 */
import type { AU_REFERENCES } from '../../../shared/clips-api';
import { MEASURE_NAMES, type FaceMeasures, type MeasureName } from './face-measures';

export type AuReference = (typeof AU_REFERENCES)[number];

/** UV468 measured with face-measures.ts (checked by neutral-reference.test.ts), three measures replaced as above. */
export const POPULATION_NEUTRAL: Readonly<FaceMeasures> = {
  innerBrowHeight: 0.192,
  outerBrowHeight: 0.173,
  browGap: 0.284,
  eyeOpening: 0.324,
  lowerLidHeight: -0.044,
  cheekDrop: 0.431,
  noseWingDrop: 0.465,
  upperLipDrop: 0.114,
  lateralUpperLipDrop: 0.162,
  mouthWidth: 0.537,
  cornerLift: -0.002,
  cornerDepth: 0.145,
  lowerLipDrop: 0.096,
  lipThickness: 0.185,
  lipGap: 0.007,
  jawDrop: 0.74,
};

/** The measures not taken from UV468, with the canonical layout's own value (for the test faces). */
export const NOT_FROM_CANONICAL: Partial<Record<MeasureName, string>> = {
  browGap: 'the UV unwrap squeezes the brows together',
  cornerDepth: 'the UV layout has no depth',
  jawDrop: 'the UV unwrap stretches the curved chin',
};

/**
 * The measures that differ between people at rest about as much as an action changes them — brow height,
 * eye aperture (lid opening, lower-lid height), lip thickness, and midface length (cheeks and nose wings
 * below the eyes: 0.42–0.48 at rest on the fixtures, where a full AU06 moves them 0.04) — and how far a
 * subject's own neutral may move each: about the spread between the neutral faces measured, so a frame
 * the emotion model wrongly calls neutral shifts the reference by no more than that. The mouth's width,
 * corners and opening are never calibrated: a smile called neutral must still read as a smile.
 */
export const IDENTITY_SHIFT_MAX: Partial<Record<MeasureName, number>> = {
  innerBrowHeight: 0.04,
  outerBrowHeight: 0.04,
  eyeOpening: 0.06,
  lowerLidHeight: 0.01,
  cheekDrop: 0.03,
  noseWingDrop: 0.03,
  lipThickness: 0.04,
};

/** A frame is confidently neutral for calibration at this neutral probability, with the head this near frontal. */
export const CONFIDENT_NEUTRAL = 0.8;
export const CALIBRATION_MAX_POSE_DEG = 20;
/** Fewer confidently neutral frames than this and the population reference stands unchanged. */
export const MIN_CALIBRATION_FRAMES = 3;

const meanMeasures = (measures: readonly FaceMeasures[]): FaceMeasures =>
  Object.fromEntries(MEASURE_NAMES.map((name) => [name, measures.reduce((sum, m) => sum + m[name], 0) / measures.length])) as FaceMeasures;

/** The population reference, its identity measures moved (bounded) towards the mean of the subject's confidently neutral frames. */
export function calibratedReference(confidentlyNeutral: readonly FaceMeasures[]): FaceMeasures {
  const reference = { ...POPULATION_NEUTRAL };
  if (confidentlyNeutral.length < MIN_CALIBRATION_FRAMES) return reference;
  const own = meanMeasures(confidentlyNeutral);
  for (const [name, max] of Object.entries(IDENTITY_SHIFT_MAX) as [MeasureName, number][]) {
    reference[name] += Math.max(-max, Math.min(max, own[name] - reference[name]));
  }
  return reference;
}

/**
 * The clip's own baseline: the mean of the frames that look most neutral — the third with the highest
 * neutral probability, or, without emotion scores, the third closest to the clip's median shape.
 */
export function clipBaseline(measures: readonly FaceMeasures[], neutralProbs: readonly (number | null)[]): FaceMeasures {
  const count = Math.max(1, Math.round(measures.length / 3));
  const median = Object.fromEntries(
    MEASURE_NAMES.map((name) => {
      const sorted = measures.map((m) => m[name]).sort((a, b) => a - b);
      return [name, sorted[sorted.length >> 1] as number];
    }),
  ) as FaceMeasures;
  const distance = (m: FaceMeasures): number => MEASURE_NAMES.reduce((sum, name) => sum + Math.abs(m[name] - median[name]), 0);
  const haveProbs = neutralProbs.every((p) => p !== null);
  const ranked = measures
    .map((m, i) => ({ m, key: haveProbs ? -(neutralProbs[i] as number) : distance(m) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count);
  return meanMeasures(ranked.map((r) => r.m));
}
