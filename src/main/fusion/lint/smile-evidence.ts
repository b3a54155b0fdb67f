/**
 * @file A clip's smile evidence from its stored FAU token ([N, ≥27]: 20 AU intensities in FAU_AUS order, then
 * the 7 basic-emotion probabilities in FAU_EMOTIONS order): the frames with a face, and the strongest AU12,
 * AU06 and happiness over them. Read by column name through prior.ts's layout, so a change of the AUs' scale
 * (issue 13) changes only the thresholds, not this code.
 */
import type { LintThresholds } from '../../../shared/lint-api';
import { FAU_AUS, FAU_EMOTIONS } from '../prior';

export interface SmileEvidence {
  frames: number;
  /** Frames the emotion model scored (its 7 probabilities sum to ~1); a frame without a face holds zeros. */
  faceFrames: number;
  maxAu12: number;
  maxAu06: number;
  maxHappiness: number;
  /** Frames with happiness ≥ broadSmileHappinessMin and AU12 ≥ smileAu12Min. */
  broadSmileFrames: number;
}

const AU12 = FAU_AUS.indexOf('AU12');
const AU06 = FAU_AUS.indexOf('AU06');
const EMOTIONS_AT = FAU_AUS.length;
const HAPPINESS = EMOTIONS_AT + FAU_EMOTIONS.indexOf('happiness');
/** The token's minimum width: the AUs and the 7 probabilities (the 5 zero pads may be absent). */
export const FAU_MIN_WIDTH = EMOTIONS_AT + FAU_EMOTIONS.length;

/** Smile evidence of one clip's FAU tensor, row-major [frames, width]. */
export function smileEvidence(fau: Float32Array, frames: number, width: number, thresholds: Pick<LintThresholds, 'broadSmileHappinessMin' | 'smileAu12Min'>): SmileEvidence {
  let faceFrames = 0;
  let maxAu12 = 0;
  let maxAu06 = 0;
  let maxHappiness = 0;
  let broadSmileFrames = 0;
  for (let f = 0; f < frames; f += 1) {
    const row = f * width;
    let probabilities = 0;
    for (let k = 0; k < FAU_EMOTIONS.length; k += 1) probabilities += fau[row + EMOTIONS_AT + k] ?? 0;
    if (probabilities < 0.5) continue;
    faceFrames += 1;
    const au12 = fau[row + AU12] ?? 0;
    const happiness = fau[row + HAPPINESS] ?? 0;
    maxAu12 = Math.max(maxAu12, au12);
    maxAu06 = Math.max(maxAu06, fau[row + AU06] ?? 0);
    maxHappiness = Math.max(maxHappiness, happiness);
    if (happiness >= thresholds.broadSmileHappinessMin && au12 >= thresholds.smileAu12Min) broadSmileFrames += 1;
  }
  return { frames, faceFrames, maxAu12, maxAu06, maxHappiness, broadSmileFrames };
}
