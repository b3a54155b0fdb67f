/**
 * Where a frame step lands. Steps are computed from the video element's own position, which a seek sets
 * at once, not from the rendered clock, which only catches up after the seek completes: ten quick presses
 * are ten steps, never four.
 */
import type { FrameSample } from '../../../shared/api';
import { sampleIndexAt, SEEK_EPSILON_S } from './sample-at';

/** The time to seek to for a step of `delta` sampled frames from `timeS`, clamped to the clip's samples. */
export function sampleStepTarget(samples: readonly Pick<FrameSample, 'frameTimeS'>[], timeS: number, delta: number): number | null {
  if (samples.length === 0) return null;
  const index = Math.max(0, Math.min(samples.length - 1, sampleIndexAt(samples, timeS) + delta));
  return (samples[index]?.frameTimeS ?? 0) + SEEK_EPSILON_S;
}

/**
 * The time to seek to for a step of `delta` of the clip's own frames (at `fps`), clamped to [0, duration].
 * Frame k starts at k / fps; the seek lands a hair after it, as for sampled frames.
 */
export function videoFrameStepTarget(timeS: number, delta: number, fps: number, durationS: number): number {
  const frame = Math.floor(timeS * fps + 1e-6);
  const lastFrame = Math.max(0, Math.ceil(durationS * fps) - 1);
  const next = Math.max(0, Math.min(lastFrame, frame + delta));
  return next / fps + SEEK_EPSILON_S;
}

/** Playback speeds offered, slowest first: ELAN's and NOVA's range for close reading. */
export const PLAYBACK_RATES = [0.25, 0.5, 0.75, 1, 1.5, 2] as const;

/** The next speed up (1) or down (−1) from `rate`, staying within the offered range. */
export function stepRate(rate: number, direction: 1 | -1): number {
  const at = PLAYBACK_RATES.findIndex((offered) => offered >= rate - 1e-9);
  const index = at === -1 ? PLAYBACK_RATES.length - 1 : at;
  const exact = Math.abs((PLAYBACK_RATES[index] ?? 1) - rate) < 1e-9;
  const next = direction === 1 ? (exact ? index + 1 : index) : index - 1;
  return PLAYBACK_RATES[Math.max(0, Math.min(PLAYBACK_RATES.length - 1, next))] ?? 1;
}
