/**
 * Puts FaceMesh landmarks into the face's own frame: origin between the eyes, x along the eye line
 * (towards the subject's left), y down the face (forehead → chin), z out of the face, unit = the
 * distance between the outer eye corners. Geometry measured there no longer depends on where the
 * face is, how large it is, or how the head is turned (within what the mesh itself captures).
 */

/** 468 FaceMesh points as [x, y, z]: x, y in pixels, z depth on about the same scale. */
export type Landmarks = readonly (readonly [number, number, number])[];
export type Vec3 = [number, number, number];

/** FaceMesh indices used for the frame (MediaPipe's canonical numbering). */
export const RIGHT_EYE_OUTER = 33;
export const LEFT_EYE_OUTER = 263;
export const BETWEEN_EYES = 168;
export const FOREHEAD_TOP = 10;
export const CHIN = 152;

export interface HeadPose {
  /** Degrees; positive when the face turns towards the image's right. */
  yawDeg: number;
  /** Degrees; positive when the chin comes towards the camera (head tilted back). */
  pitchDeg: number;
  /** Degrees; positive when the eye line turns clockwise in the image. */
  rollDeg: number;
}

const sub = (a: readonly number[], b: readonly number[]): Vec3 => [(a[0] as number) - (b[0] as number), (a[1] as number) - (b[1] as number), (a[2] as number) - (b[2] as number)];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const norm = (a: Vec3): number => Math.sqrt(dot(a, a));
const unit = (a: Vec3): Vec3 => scale(a, 1 / norm(a));
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

export interface FaceFrame {
  /** Landmarks in face coordinates (inter-ocular units). */
  points: Vec3[];
  pose: HeadPose;
  /** Distance between the outer eye corners, in pixels. */
  interocularPx: number;
}

const point = (landmarks: Landmarks, index: number): readonly number[] => {
  const p = landmarks[index];
  if (!p) throw new Error(`landmark ${index} missing: FaceMesh gives 468 points`);
  return p;
};

export function toFaceFrame(landmarks: Landmarks): FaceFrame {
  const eyeLine = sub(point(landmarks, LEFT_EYE_OUTER), point(landmarks, RIGHT_EYE_OUTER));
  const interocularPx = norm(eyeLine);
  const x = unit(eyeLine);
  const down = sub(point(landmarks, CHIN), point(landmarks, FOREHEAD_TOP));
  // Gram–Schmidt: the face's vertical, made exactly perpendicular to the eye line.
  const y = unit(sub(down, scale(x, dot(down, x))));
  const z = cross(x, y);
  const origin = point(landmarks, BETWEEN_EYES);
  const points = landmarks.map((p): Vec3 => {
    const d = sub(p, origin);
    return [dot(d, x) / interocularPx, dot(d, y) / interocularPx, dot(d, z) / interocularPx];
  });
  const degrees = (radians: number): number => (radians * 180) / Math.PI;
  const clamp = (v: number): number => Math.max(-1, Math.min(1, v));
  return {
    points,
    interocularPx,
    pose: {
      rollDeg: degrees(Math.atan2(x[1], x[0])),
      yawDeg: degrees(Math.asin(clamp(x[2]))),
      pitchDeg: degrees(Math.asin(clamp(-y[2]))),
    },
  };
}
