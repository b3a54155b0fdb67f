/**
 * The FAU part of a clip's tokens: per sampled frame, 20 AU intensities (measured against the
 * subject's own neutral baseline in this clip) then the 7 basic-emotion probabilities, padded with
 * 5 zeros to 32 as the authors did so the token width divides by 8 heads. Head pose rides along.
 */
import { AU_NAMES, estimateAus, type AuIntensities } from './au-intensities';
import { toFaceFrame, type HeadPose, type Landmarks } from './face-frame';
import { MEASURE_NAMES, measureFace, type FaceMeasures } from './face-measures';

/** Py-Feat's order, which is also the FER2013 emotion model's output order. */
export const BASIC_EMOTIONS = ['anger', 'disgust', 'fear', 'happiness', 'sadness', 'surprise', 'neutral'] as const;
export const FAU_TOKEN_DIMS = 32;
const NEUTRAL = BASIC_EMOTIONS.indexOf('neutral');

export interface FrameFaceInput {
  /** FaceMesh landmarks in frame pixels, or null when the frame has no subject face. */
  landmarks: Landmarks | null;
  /** The emotion model's 7 probabilities in BASIC_EMOTIONS order, or null. */
  emotions: readonly number[] | null;
}

export interface FrameFau {
  aus: AuIntensities;
  pose: HeadPose;
  /** 32 values: AU_NAMES order, then BASIC_EMOTIONS, then zeros. */
  token: Float32Array;
}

/**
 * The baseline is the mean of the frames that look most neutral: the third with the highest
 * neutral probability, or, without emotion scores, the third closest to the clip's median shape.
 */
export function neutralBaseline(measures: readonly FaceMeasures[], neutralProbs: readonly (number | null)[]): FaceMeasures {
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
  return Object.fromEntries(MEASURE_NAMES.map((name) => [name, ranked.reduce((sum, r) => sum + r.m[name], 0) / ranked.length])) as FaceMeasures;
}

/** One entry per sampled frame; null where the frame has no face (its token is masked upstream). */
export function clipFau(frames: readonly FrameFaceInput[]): (FrameFau | null)[] {
  const faces = frames.map((f) => (f.landmarks ? toFaceFrame(f.landmarks) : null));
  const measures = faces.map((face) => (face ? measureFace(face.points) : null));
  const present = measures.flatMap((m, i) => (m ? [{ m, neutral: frames[i]?.emotions?.[NEUTRAL] ?? null }] : []));
  if (present.length === 0) return frames.map(() => null);
  const baseline = neutralBaseline(present.map((p) => p.m), present.map((p) => p.neutral));
  return frames.map((frame, i) => {
    const face = faces[i];
    const m = measures[i];
    if (!face || !m) return null;
    const aus = estimateAus(m, baseline);
    const token = new Float32Array(FAU_TOKEN_DIMS);
    token.set(AU_NAMES.map((name) => aus[name]));
    if (frame.emotions) token.set(frame.emotions, AU_NAMES.length);
    return { aus, pose: face.pose, token };
  });
}
