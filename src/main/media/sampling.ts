/**
 * The ViPER sampling plan, pure arithmetic (no I/O): which N frames of a clip, and which audio
 * fragment goes with each.
 *
 * 'paper' (Vaiani et al., MuSe 2022): N target times evenly spaced from the first to the last frame,
 * each taken by the frame nearest in time; N audio fragments centred on the targets, equal length
 * Δ = (t_last − t_first)/(N − 1), non-overlapping, the two end fragments Δ/2 long and starting /
 * ending at their frame — so together they tile [t_first, t_last] exactly.
 *
 * 'authors-code' (their published repository): frame indices {0} ∪ {round(k·F/(N−1)), k = 1…N−2} ∪
 * {F−1} with Python's round-half-to-even (get_frame.py), and audio windows cut as
 * extract_audio_features.py cuts them: L = the number of decoded 16 kHz samples (not the container's
 * duration), window W = 2L/(N+1), window i = samples[int(i·W/2) : int(i·W/2 + W)] (50 % overlap), each
 * then padded or cut to 1 s for WavLM. Bounds are whole samples, stored as seconds = samples / 16 000.
 */
import type { SamplingOptions } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { AUDIO_SAMPLE_RATE } from './decode-audio';

export interface PlannedSample {
  index: number;
  targetTimeS: number;
  frameIndex: number;
  frameTimeS: number;
  audioStartS: number;
  audioEndS: number;
  /** Authors-code windows are padded / cut to this length before embedding; null for the paper's. */
  audioPadToS: number | null;
}

/** The window length the authors' code feeds WavLM, whatever the window's own length. */
export const AUTHORS_AUDIO_WINDOW_S = 1;

/** Python 3's round(): halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Index of the time nearest to `t` in the ascending `times`; the earlier one on a tie. */
export function nearestIndex(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && t - (times[lo - 1] as number) <= (times[lo] as number) - t) return lo - 1;
  return lo;
}

function planPaper(frameTimesS: readonly number[], n: number): PlannedSample[] {
  const first = frameTimesS[0] as number;
  const last = frameTimesS[frameTimesS.length - 1] as number;
  const step = (last - first) / (n - 1);
  return Array.from({ length: n }, (_, k) => {
    // The last target is set exactly, not accumulated, so floating error cannot push it past the clip.
    const target = k === n - 1 ? last : first + k * step;
    const frameIndex = nearestIndex(frameTimesS, target);
    return {
      index: k,
      targetTimeS: target,
      frameIndex,
      frameTimeS: frameTimesS[frameIndex] as number,
      audioStartS: Math.max(first, target - step / 2),
      audioEndS: Math.min(last, target + step / 2),
      audioPadToS: null,
    };
  });
}

/**
 * get_frame.py's indices of F decoded frames: 0, round(F/(N−1)·k) for k = 1…N−2 (their operation
 * order, Python's rounding), and F−1.
 */
export function authorsFrameIndices(frameCount: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.min(frameCount - 1, k === 0 ? 0 : k === n - 1 ? frameCount - 1 : roundHalfEven((frameCount / (n - 1)) * k)));
}

/**
 * extract_audio_features.py's windows over L decoded samples, as [start, end) sample indices: the same
 * floating-point operations in the same order (JS numbers are Python floats), then int() — which
 * truncates, as Math.trunc does for these non-negative values.
 */
export function authorsAudioWindows(sampleCount: number, n: number): { startSample: number; endSample: number }[] {
  const windowLength = (sampleCount * 2) / (n + 1);
  return Array.from({ length: n }, (_, i) => ({
    startSample: Math.trunc((i * windowLength) / 2),
    endSample: Math.trunc((i * windowLength) / 2 + windowLength),
  }));
}

function planAuthorsCode(frameTimesS: readonly number[], n: number, audioSampleCount: number): PlannedSample[] {
  const windows = authorsAudioWindows(audioSampleCount, n);
  return authorsFrameIndices(frameTimesS.length, n).map((frameIndex, k) => {
    const frameTimeS = frameTimesS[frameIndex] as number;
    const window = windows[k] as { startSample: number; endSample: number };
    return {
      index: k,
      targetTimeS: frameTimeS,
      frameIndex,
      frameTimeS,
      audioStartS: window.startSample / AUDIO_SAMPLE_RATE,
      audioEndS: window.endSample / AUDIO_SAMPLE_RATE,
      audioPadToS: AUTHORS_AUDIO_WINDOW_S,
    };
  });
}

/**
 * Plans the samples of a clip. `frameTimesS` are the presentation times of all its frames,
 * ascending; `audioSampleCount` is L for the authors' windows: the length of the clip's audio decoded
 * at 16 kHz (decode-audio.ts), or the container duration × 16 000 for a clip without sound, whose
 * windows are then never read. A clip with fewer frames than N repeats frames (and says so through
 * repeated frameIndex values).
 */
export function planSamples(frameTimesS: readonly number[], audioSampleCount: number, options: SamplingOptions, subject = 'clip'): PlannedSample[] {
  if (frameTimesS.length < 2) {
    throw new ViperError('media/too-short', `${subject}: only ${frameTimesS.length} video frame(s); sampling needs at least 2. Import a longer clip.`, { subject });
  }
  return options.method === 'paper'
    ? planPaper(frameTimesS, options.frameCount)
    : planAuthorsCode(frameTimesS, options.frameCount, audioSampleCount);
}

/** The frames a plan will take, known before the audio is decoded (neither method's frames depend on it). */
export function plannedFrames(frameTimesS: readonly number[], options: SamplingOptions, subject = 'clip'): { frameIndex: number; frameTimeS: number }[] {
  return distinctFrames(planSamples(frameTimesS, 0, options, subject));
}

/** Distinct frame indices of a plan, ascending: what the decoder has to produce. */
export function distinctFrames(samples: readonly PlannedSample[]): { frameIndex: number; frameTimeS: number }[] {
  const byIndex = new Map<number, number>();
  for (const s of samples) byIndex.set(s.frameIndex, s.frameTimeS);
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([frameIndex, frameTimeS]) => ({ frameIndex, frameTimeS }));
}
