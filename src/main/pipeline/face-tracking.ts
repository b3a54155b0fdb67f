/**
 * Follows one subject through a clip's sampled frames. The subject is the face that, when faces
 * first appear (however late in the clip), is largest and nearest the centre; after that each frame
 * takes the detection overlapping the subject's last box best. A frame where nothing overlaps enough
 * has no subject face — even if another person is visible — so a second person never swaps in.
 */

/** A face box in pixels of the frame, with the detector's confidence. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface TrackOptions {
  frameWidth: number;
  frameHeight: number;
  /** Least IoU with the subject's last box for a detection to be the subject. */
  minOverlap?: number;
}

/** Intersection over union of two boxes; 0 when they do not touch. */
export function iou(a: FaceBox, b: FaceBox): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Size times centrality: a face half-way to the corner counts as half its area. */
function salience(box: FaceBox, frameWidth: number, frameHeight: number): number {
  const dx = (box.x + box.width / 2 - frameWidth / 2) / (frameWidth / 2);
  const dy = (box.y + box.height / 2 - frameHeight / 2) / (frameHeight / 2);
  const offCentre = Math.min(1, Math.hypot(dx, dy) / Math.SQRT2);
  return box.width * box.height * (1 - offCentre / 2);
}

/**
 * `detections[k]` are the faces found in sampled frame k. Returns the subject's box per frame, or
 * null where the frame has no subject face.
 */
export function trackSubject(detections: readonly (readonly FaceBox[])[], options: TrackOptions): (FaceBox | null)[] {
  const minOverlap = options.minOverlap ?? 0.2;
  const track: (FaceBox | null)[] = [];
  let last: FaceBox | null = null;
  for (const faces of detections) {
    let chosen: FaceBox | null = null;
    if (last === null) {
      for (const face of faces) {
        if (!chosen || salience(face, options.frameWidth, options.frameHeight) > salience(chosen, options.frameWidth, options.frameHeight)) chosen = face;
      }
    } else {
      let best = minOverlap;
      for (const face of faces) {
        const overlap = iou(face, last);
        if (overlap >= best) {
          best = overlap;
          chosen = face;
        }
      }
    }
    track.push(chosen);
    if (chosen) last = chosen;
  }
  return track;
}
