/**
 * When a correlation is not worth reading, in one place for the CLI and the page: Pearson or CCC on fewer
 * than MIN_RELIABLE_CLIPS clips, or with one side constant, is marked unreliable with the reason; a bootstrap
 * interval that metrics.ts withheld (resamples that do not differ, or mostly undefined) is said to be absent.
 */
import type { Interval, PearsonResult, Scores } from './fusion-api';

/** Below this many clips a correlation swings with one clip (2 clips give r = ±1 whatever the model). */
export const MIN_RELIABLE_CLIPS = 10;

/** Why a per-emotion Pearson / CCC should not be trusted, or null when nothing stands against it. */
export function correlationCaveat(clips: number, pearson: PearsonResult): string | null {
  if (pearson.value === null) return pearson.undefinedBecause ?? 'undefined';
  if (clips < MIN_RELIABLE_CLIPS) return `unreliable: n = ${clips} < ${MIN_RELIABLE_CLIPS} clips`;
  return null;
}

/** The same for the mean over the emotions: few clips; and how many emotions it averages when some are undefined. */
export function meanCaveat(scores: Pick<Scores, 'clips' | 'pearsonDefined' | 'meanPearson'>): string | null {
  if (scores.meanPearson === null) return 'undefined: no emotion has a defined Pearson';
  const over = scores.pearsonDefined < 7 ? `over ${scores.pearsonDefined} of 7 emotions` : null;
  if (scores.clips < MIN_RELIABLE_CLIPS) return `unreliable: n = ${scores.clips} < ${MIN_RELIABLE_CLIPS} clips${over ? `, ${over}` : ''}`;
  return over;
}

/** The interval in words, or why there is none. */
export function intervalText(interval: Interval | null, clips: number): string {
  if (interval) return `95 % bootstrap interval ${interval.low.toFixed(4)} – ${interval.high.toFixed(4)} (${interval.resamples} resamples, n = ${clips})`;
  return `no 95 % bootstrap interval: on ${clips} clip(s) the resamples do not differ or are mostly undefined`;
}
