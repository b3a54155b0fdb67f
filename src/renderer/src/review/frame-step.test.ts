import { describe, expect, it } from 'vitest';
import { sampleStepTarget, stepRate, videoFrameStepTarget } from './frame-step';
import { sampleIndexAt, SEEK_EPSILON_S } from './sample-at';

const samples = Array.from({ length: 32 }, (_, i) => ({ frameTimeS: i * 0.075 }));

describe('sampleStepTarget', () => {
  it('ten quick steps from the element position land ten samples on', () => {
    let timeS = 0;
    for (let i = 0; i < 10; i++) timeS = sampleStepTarget(samples, timeS, 1) ?? -1;
    expect(sampleIndexAt(samples, timeS)).toBe(10);
  });

  it('clamps at the first and last sample, and has nothing to do without samples', () => {
    expect(sampleStepTarget(samples, 0, -1)).toBeCloseTo(SEEK_EPSILON_S, 9);
    expect(sampleIndexAt(samples, sampleStepTarget(samples, 2.3, 5) ?? 0)).toBe(31);
    expect(sampleStepTarget([], 1, 1)).toBeNull();
  });
});

describe('videoFrameStepTarget', () => {
  it("steps one of the clip's own frames at its rate", () => {
    const fps = 29.97;
    let timeS = 0;
    for (let i = 0; i < 7; i++) timeS = videoFrameStepTarget(timeS, 1, fps, 2.4);
    expect(Math.floor(timeS * fps)).toBe(7);
    expect(Math.floor(videoFrameStepTarget(timeS, -1, fps, 2.4) * fps)).toBe(6);
  });

  it('stays within the clip', () => {
    expect(videoFrameStepTarget(0, -1, 25, 2)).toBeCloseTo(SEEK_EPSILON_S, 9);
    expect(Math.floor(videoFrameStepTarget(1.99, 3, 25, 2) * 25)).toBe(49);
  });
});

describe('stepRate', () => {
  it('moves through 0.25–2× and stops at the ends', () => {
    expect(stepRate(1, 1)).toBe(1.5);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(2, 1)).toBe(2);
    expect(stepRate(0.25, -1)).toBe(0.25);
    expect(stepRate(1.2, 1)).toBe(1.5);
    expect(stepRate(1.2, -1)).toBe(1);
  });
});
