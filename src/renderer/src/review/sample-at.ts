/** Which of a clip's sampled frames the video is showing: the last one whose frame time has been reached. */
import type { FrameSample } from '../../../shared/api';

/** Seeks land a hair after a frame's time, so float rounding never shows the frame before. */
export const SEEK_EPSILON_S = 0.001;

export function sampleIndexAt(samples: readonly Pick<FrameSample, 'frameTimeS'>[], timeS: number): number {
  let found = 0;
  for (let i = 0; i < samples.length; i++) {
    if ((samples[i]?.frameTimeS ?? Infinity) <= timeS + SEEK_EPSILON_S) found = i;
    else break;
  }
  return found;
}
