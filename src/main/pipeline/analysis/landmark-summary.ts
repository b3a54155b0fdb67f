/**
 * The 33 FaceMesh points kept per frame for review (the full 468 × 3 would cost ~180 kB a clip):
 * eye corners and lids, brows, nose, lips, chin, cheeks and face edges — enough to draw the face's
 * outline and features over the video.
 */
import type { Landmarks } from '../fau/face-frame';

export const SUMMARY_LANDMARKS = [
  33, 133, 362, 263, 159, 145, 386, 374, // eye corners, then upper / lower lids
  70, 105, 107, 336, 334, 300, // brows, outer to inner, right then left
  168, 6, 1, 2, 98, 327, // between the eyes, nose bridge, tip, base, wings
  61, 291, 0, 13, 14, 17, // mouth corners, upper lip top / inner, lower lip inner / bottom
  152, 10, 234, 454, 205, 425, 58, // chin, forehead, face edges, cheeks, jaw
] as const;

/** x, y pairs in frame pixels, scaled by `scale` (decoded → clip pixels). */
export function summariseLandmarks(landmarks: Landmarks, scale = 1): Float32Array {
  const out = new Float32Array(SUMMARY_LANDMARKS.length * 2);
  SUMMARY_LANDMARKS.forEach((index, k) => {
    const p = landmarks[index];
    if (p) out.set([p[0] * scale, p[1] * scale], k * 2);
  });
  return out;
}
