import { describe, expect, it } from 'vitest';
import { correlationCaveat, intervalText, meanCaveat, MIN_RELIABLE_CLIPS } from './metric-reliability';

describe('metric reliability', () => {
  it('marks a correlation on fewer than 10 clips unreliable, and an undefined one with its reason', () => {
    expect(MIN_RELIABLE_CLIPS).toBe(10);
    expect(correlationCaveat(2, { value: 1 })).toBe('unreliable: n = 2 < 10 clips');
    expect(correlationCaveat(9, { value: 0.4 })).toBe('unreliable: n = 9 < 10 clips');
    expect(correlationCaveat(10, { value: 0.4 })).toBeNull();
    expect(correlationCaveat(50, { value: null, undefinedBecause: 'gold values are constant' })).toBe('gold values are constant');
  });

  it('says of a mean how few clips and how many emotions it stands on', () => {
    expect(meanCaveat({ clips: 4, pearsonDefined: 6, meanPearson: 0.3 })).toBe('unreliable: n = 4 < 10 clips, over 6 of 7 emotions');
    expect(meanCaveat({ clips: 40, pearsonDefined: 6, meanPearson: 0.3 })).toBe('over 6 of 7 emotions');
    expect(meanCaveat({ clips: 40, pearsonDefined: 7, meanPearson: 0.3 })).toBeNull();
    expect(meanCaveat({ clips: 40, pearsonDefined: 0, meanPearson: null })).toBe('undefined: no emotion has a defined Pearson');
  });

  it('gives the interval with its resamples and n, or why there is none', () => {
    expect(intervalText({ low: 0.1, high: 0.25, resamples: 990 }, 40)).toBe('95 % bootstrap interval 0.1000 – 0.2500 (990 resamples, n = 40)');
    expect(intervalText(null, 2)).toBe('no 95 % bootstrap interval: on 2 clip(s) the resamples do not differ or are mostly undefined');
  });
});
