/**
 * When a frame's landmarks cannot be measured: the frame's FAU part is masked with one of these reasons
 * rather than filled with numbers read off a mesh FaceMesh had to invent. The checks are cheap (one pass
 * over the 468 points, then the measures themselves checked to be finite).
 */
import type { FAU_MASK_REASONS } from '../../../shared/clips-api';
import { toFaceFrame, type FaceFrame, type HeadPose, type Landmarks } from './face-frame';
import { MEASURE_NAMES, MEASURED_LANDMARKS, measureFace, type FaceMeasures } from './face-measures';

/** The reasons and what each means are part of the contract (shared/clips-api.ts: FAU_MASK_MEANINGS). */
export type FauMaskReason = (typeof FAU_MASK_REASONS)[number];

/** Beyond this yaw (or pitch) FaceMesh guesses the hidden half of the face; 40° keeps both eyes and mouth corners in view. */
export const MAX_YAW_DEG = 40;
export const MAX_PITCH_DEG = 35;
/** Eyes closer than this in pixels are too small to measure (FaceMesh's crop is 192 px; 8 px between the eyes is a face of about 16 px). */
export const MIN_INTEROCULAR_PX = 8;
/** A measured landmark may lie this far outside the picture (in inter-ocular units) before the frame is masked. */
const OUT_OF_FRAME_TOLERANCE = 0.05;

export interface FrameSize {
  width: number;
  height: number;
}

export type CheckedFace = { ok: true; face: FaceFrame; measures: FaceMeasures } | { ok: false; reason: FauMaskReason; pose: HeadPose | null };

export function checkFace(landmarks: Landmarks, frame?: FrameSize): CheckedFace {
  if (landmarks.length < 468 || landmarks.some((p) => !(Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2])))) return { ok: false, reason: 'degenerate-mesh', pose: null };
  const face = toFaceFrame(landmarks);
  const { yawDeg, pitchDeg, rollDeg } = face.pose;
  // A mesh folded onto a line gives no axes (NaN pose); a tiny one no measurable geometry.
  if (!(face.interocularPx >= MIN_INTEROCULAR_PX) || ![yawDeg, pitchDeg, rollDeg].every(Number.isFinite)) return { ok: false, reason: 'degenerate-mesh', pose: null };
  if (Math.abs(yawDeg) > MAX_YAW_DEG || Math.abs(pitchDeg) > MAX_PITCH_DEG) return { ok: false, reason: 'turned-away', pose: face.pose };
  if (frame) {
    const margin = OUT_OF_FRAME_TOLERANCE * face.interocularPx;
    for (const i of MEASURED_LANDMARKS) {
      const [x, y] = landmarks[i] as readonly [number, number, number];
      if (x < -margin || y < -margin || x > frame.width + margin || y > frame.height + margin) return { ok: false, reason: 'out-of-frame', pose: face.pose };
    }
  }
  const measures = measureFace(face.points);
  // Coincident eye corners or lips (a mesh collapsed in part) divide by zero in a measure.
  if (!MEASURE_NAMES.every((name) => Number.isFinite(measures[name]))) return { ok: false, reason: 'degenerate-mesh', pose: null };
  return { ok: true, face, measures };
}
