/**
 * Following a face from its landmarks, as Human and MediaPipe do between detections: the next frame's
 * FaceMesh crop is placed from this frame's mesh. The crop must sit on the face as a detector box
 * would (FaceMesh was trained on crops around BlazeFace's box), so the detector's box is kept as a
 * calibration relative to the landmarks' bounding box, measured when the subject was last detected.
 */
import type { FaceBox } from '../face-tracking';
import type { Landmarks } from '../fau/face-frame';

/** The detector's (square) box relative to the landmarks' bounding box: centre offset in units of that box's longer side, and the side in pixels. */
export interface BoxCalibration {
  dx: number;
  dy: number;
  side: number;
  /** The landmarks' longer side when calibrated: a face that grows or shrinks past FOLLOW_MAX_RESIZE is detected again. */
  landmarkSide: number;
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function landmarkBounds(landmarks: Landmarks): Bounds {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of landmarks) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Where `box` (a detection) sits on the landmarks FaceMesh found in it. The longer side of the
 * landmarks' box is the steadiest size (measured on the fixtures: BlazeFace's side is 0.91–1.02 of it,
 * against 0.91–1.18 of its width).
 */
export function calibrateToLandmarks(box: FaceBox, landmarks: Landmarks): BoxCalibration {
  const b = landmarkBounds(landmarks);
  const side = Math.max(b.width, b.height, 1e-6);
  return {
    dx: (box.x + box.width / 2 - (b.x + b.width / 2)) / side,
    dy: (box.y + box.height / 2 - (b.y + b.height / 2)) / side,
    side: Math.max(box.width, box.height),
    landmarkSide: side,
  };
}

/** The square box a detector would give for a face with these landmarks. */
export function boxFromLandmarks(landmarks: Landmarks, calibration: BoxCalibration, score: number): FaceBox {
  const b = landmarkBounds(landmarks);
  const side = Math.max(b.width, b.height, 1e-6);
  const boxSide = calibration.side;
  const cx = b.x + b.width / 2 + calibration.dx * side;
  const cy = b.y + b.height / 2 + calibration.dy * side;
  return { x: cx - boxSide / 2, y: cy - boxSide / 2, width: boxSide, height: boxSide, score };
}

/** How much the landmarks' size has changed since calibration, as a ratio ≥ 1 either way. */
export function resizeSinceCalibration(landmarks: Landmarks, calibration: BoxCalibration): number {
  const b = landmarkBounds(landmarks);
  const ratio = Math.max(b.width, b.height, 1e-6) / calibration.landmarkSide;
  return ratio >= 1 ? ratio : 1 / ratio;
}
