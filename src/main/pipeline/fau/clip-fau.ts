/**
 * The FAU part of a clip's tokens: per sampled frame, 20 AU intensities (measured against the neutral
 * reference the analysis asks for: neutral-reference.ts) then the 7 basic-emotion probabilities, padded
 * with 5 zeros to 32 as the authors did so the token width divides by 8 heads. Head pose rides along.
 * A frame whose landmarks cannot be measured is masked with its reason (fau-mask.ts).
 */
import { AU_NAMES, estimateAus, type AuIntensities } from './au-intensities';
import { checkFace, type FauMaskReason, type FrameSize } from './fau-mask';
import type { HeadPose, Landmarks } from './face-frame';
import type { FaceMeasures } from './face-measures';
import { calibratedReference, CALIBRATION_MAX_POSE_DEG, clipBaseline, CONFIDENT_NEUTRAL, type AuReference } from './neutral-reference';

/** Py-Feat's order, which is also the FER2013 emotion model's output order. */
export const BASIC_EMOTIONS = ['anger', 'disgust', 'fear', 'happiness', 'sadness', 'surprise', 'neutral'] as const;
export const FAU_TOKEN_DIMS = 32;
const NEUTRAL = BASIC_EMOTIONS.indexOf('neutral');

export interface FrameFaceInput {
  /** FaceMesh landmarks in frame pixels, or null when the frame has no subject face. */
  landmarks: Landmarks | null;
  /** The emotion model's 7 probabilities in BASIC_EMOTIONS order, or null. */
  emotions: readonly number[] | null;
  /** The picture the landmarks are in, to mask a face partly outside it; unchecked when absent. */
  frameSize?: FrameSize;
}

export interface FrameFau {
  aus: AuIntensities;
  pose: HeadPose;
  /** 32 values: AU_NAMES order, then BASIC_EMOTIONS, then zeros. */
  token: Float32Array;
}

/** A frame with a face whose AUs cannot be measured: its FAU part is masked. */
export interface MaskedFau {
  masked: FauMaskReason;
  /** The head pose where the mesh still gives one (a face turned away), else null. */
  pose: HeadPose | null;
}

/**
 * The reference AUs are measured from: the population neutral, calibrated on the frames the emotion
 * model is confident are neutral with the head near frontal ('population'), or the clip's most-neutral
 * third ('clip').
 */
export function referenceFor(reference: AuReference, measured: readonly { measures: FaceMeasures; neutral: number | null; pose: HeadPose }[]): FaceMeasures {
  if (reference === 'clip') return clipBaseline(measured.map((m) => m.measures), measured.map((m) => m.neutral));
  const frontal = (pose: HeadPose): boolean => Math.abs(pose.yawDeg) <= CALIBRATION_MAX_POSE_DEG && Math.abs(pose.pitchDeg) <= CALIBRATION_MAX_POSE_DEG;
  return calibratedReference(measured.flatMap((m) => (m.neutral !== null && m.neutral >= CONFIDENT_NEUTRAL && frontal(m.pose) ? [m.measures] : [])));
}

/** One entry per sampled frame: its FAU, its mask reason, or null where the frame has no face. */
export function clipFau(frames: readonly FrameFaceInput[], options: { reference: AuReference } = { reference: 'population' }): (FrameFau | MaskedFau | null)[] {
  const checked = frames.map((f) => (f.landmarks ? checkFace(f.landmarks, f.frameSize) : null));
  const measured = checked.map((c, i) => (c?.ok ? { measures: c.measures, neutral: frames[i]?.emotions?.[NEUTRAL] ?? null, pose: c.face.pose } : null));
  const present = measured.filter((m) => m !== null);
  const reference = present.length > 0 ? referenceFor(options.reference, present) : null;
  return frames.map((frame, i) => {
    const c = checked[i];
    const m = measured[i];
    if (!c) return null;
    if (!c.ok) return { masked: c.reason, pose: c.pose };
    if (!m || !reference) return null;
    const aus = estimateAus(m.measures, reference);
    const token = new Float32Array(FAU_TOKEN_DIMS);
    token.set(AU_NAMES.map((name) => aus[name]));
    if (frame.emotions) token.set(frame.emotions, AU_NAMES.length);
    return { aus, pose: m.pose, token };
  });
}

export const isMasked = (fau: FrameFau | MaskedFau | null): fau is MaskedFau => fau !== null && 'masked' in fau;
