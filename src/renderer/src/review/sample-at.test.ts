import { describe, expect, it } from 'vitest';
import { sampleIndexAt } from './sample-at';

describe('sampleIndexAt', () => {
  const samples = [0, 0.5, 1, 1.5].map((frameTimeS) => ({ frameTimeS }));
  it.each([
    [0, 0],
    [0.49, 0],
    [0.4995, 1],
    [0.75, 1],
    [1.5, 3],
    [9, 3],
  ])('at %s s shows sample %s', (time, index) => {
    expect(sampleIndexAt(samples, time)).toBe(index);
  });
});
