import { describe, expect, it } from 'vitest';
import { authorsAudioWindows, distinctFrames, nearestIndex, planSamples, roundHalfEven } from './sampling';

/** Frame times of a constant-rate clip: frameCount frames at fps, starting at 0. */
const cfr = (frameCount: number, fps: number): number[] => Array.from({ length: frameCount }, (_, i) => i / fps);

describe('paper sampling', () => {
  // 11.6 s at 30 fps: 348 frames, the last at 347/30 s — Hume-Reaction's mean clip length.
  const times = cfr(348, 30);
  const plan = planSamples(times, 0, { frameCount: 32, method: 'paper' });
  const step = 347 / 30 / 31;

  it('takes 32 frames evenly spaced in time, the first and the last included', () => {
    expect(plan).toHaveLength(32);
    expect(plan[0]?.frameIndex).toBe(0);
    expect(plan[31]?.frameIndex).toBe(347);
    plan.forEach((s, k) => expect(s.targetTimeS).toBeCloseTo(k * step, 12));
    // k·347/31 rounded to the nearest frame: k = 1 → 11.19 → 11, k = 16 → 179.10 → 179, k = 30 → 335.81 → 336.
    expect([plan[1]?.frameIndex, plan[16]?.frameIndex, plan[30]?.frameIndex]).toEqual([11, 179, 336]);
  });

  it('cuts the audio into non-overlapping fragments centred on the frames that tile the clip, the ends half length', () => {
    const lengths = plan.map((s) => s.audioEndS - s.audioStartS);
    expect(lengths[0]).toBeCloseTo(step / 2, 12);
    expect(lengths[31]).toBeCloseTo(step / 2, 12);
    lengths.slice(1, 31).forEach((length) => expect(length).toBeCloseTo(step, 12));
    expect(plan[0]?.audioStartS).toBe(0);
    expect(plan[31]?.audioEndS).toBeCloseTo(347 / 30, 12);
    for (let k = 1; k < 32; k += 1) expect(plan[k]?.audioStartS).toBeCloseTo(plan[k - 1]?.audioEndS ?? NaN, 12);
    plan.slice(1, 31).forEach((s) => expect((s.audioStartS + s.audioEndS) / 2).toBeCloseTo(s.targetTimeS, 12));
    // Mean fragment = (t_last − t_first) / N = 11.5667 / 32 = 0.3615 s (DESIGN's "≈ 0.74 s" is twice that; see the README).
    const mean = lengths.reduce((a, b) => a + b, 0) / 32;
    expect(mean).toBeCloseTo(347 / 30 / 32, 12);
    expect(plan.every((s) => s.audioPadToS === null)).toBe(true);
  });

  it('repeats frames for a clip shorter than N frames, using every frame, in order', () => {
    const short = planSamples(cfr(10, 30), 0, { frameCount: 32, method: 'paper' });
    expect(short).toHaveLength(32);
    const indices = short.map((s) => s.frameIndex);
    expect(new Set(indices)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    // Targets every 9/30/31 s; frame k·9/31 rounded: k = 2 → 0.58 → 1, k = 5 → 1.45 → 1, k = 6 → 1.74 → 2.
    expect([short[2]?.frameIndex, short[5]?.frameIndex, short[6]?.frameIndex]).toEqual([1, 1, 2]);
    expect(distinctFrames(short)).toHaveLength(10);
    expect(short[31]?.audioEndS).toBeCloseTo(9 / 30, 12);
  });

  it('samples a variable-frame-rate clip by time, not by frame count', () => {
    // 30 fps for 1 s, then 10 fps for 2 s: by count, most samples would fall in the first second.
    const vfr = [...cfr(30, 30), ...Array.from({ length: 20 }, (_, i) => 1 + i / 10)];
    const samples = planSamples(vfr, 0, { frameCount: 8, method: 'paper' });
    const last = 1 + 19 / 10;
    samples.forEach((s, k) => {
      expect(s.targetTimeS).toBeCloseTo((k * last) / 7, 12);
      expect(Math.abs(s.frameTimeS - s.targetTimeS)).toBeLessThanOrEqual(0.05 + 1e-12);
    });
    expect(samples.filter((s) => s.frameTimeS < 1)).toHaveLength(3);
  });

  it('honours another N', () => {
    const plan8 = planSamples(times, 0, { frameCount: 8, method: 'paper' });
    expect(plan8.map((s) => s.frameIndex)).toEqual([0, 50, 99, 149, 198, 248, 297, 347]);
  });

  it('refuses a clip with fewer than two frames', () => {
    expect(() => planSamples([0], 0, { frameCount: 32, method: 'paper' }, 'one.mp4')).toThrow(expect.objectContaining({ code: 'media/too-short', message: expect.stringContaining('one.mp4') }));
  });
});

describe("authors' code sampling", () => {
  const times = cfr(348, 30);
  // L = 185 600 decoded samples (11.6 s at 16 kHz).
  const plan = planSamples(times, 185_600, { frameCount: 32, method: 'authors-code' });

  it('takes frames {0} ∪ {round(k·F/31)} ∪ {F−1}', () => {
    // F = 348: k = 1 → 11.23 → 11, k = 15 → 168.39 → 168, k = 30 → 336.77 → 337.
    expect(plan[0]?.frameIndex).toBe(0);
    expect([plan[1]?.frameIndex, plan[15]?.frameIndex, plan[30]?.frameIndex]).toEqual([11, 168, 337]);
    expect(plan[31]?.frameIndex).toBe(347);
    plan.forEach((s) => expect(s.targetTimeS).toBe(s.frameTimeS));
  });

  it('takes 32 audio windows of 2L/33 samples with 50 % overlap, bounds cut to whole samples, each padded or cut to 1 s', () => {
    // W = 2·185600/33 = 11248.48…; window k starts at int(k·W/2) and ends at int(k·W/2 + W).
    expect(authorsAudioWindows(185_600, 32).slice(0, 3)).toEqual([
      { startSample: 0, endSample: 11_248 },
      { startSample: 5_624, endSample: 16_872 },
      { startSample: 11_248, endSample: 22_496 },
    ]);
    plan.forEach((s, k) => {
      expect(s.audioStartS * 16_000).toBeCloseTo(Math.trunc((k * 185_600) / 33), 6);
      expect((s.audioEndS - s.audioStartS) * 16_000).toBeGreaterThanOrEqual(11_247.99);
      expect((s.audioEndS - s.audioStartS) * 16_000).toBeLessThanOrEqual(11_249.01);
      expect(s.audioPadToS).toBe(1);
    });
    expect(plan[31]?.audioEndS).toBe(11.6);
  });

  it('takes L from the decoded samples, so a container 10 ms longer than its audio does not move the windows', () => {
    // single_face.mp4: the container says 2.43 s, the 16 kHz decode holds 38 696 samples (2.41850 s).
    const windows = planSamples(cfr(73, 30), 38_696, { frameCount: 32, method: 'authors-code' });
    expect((windows[0]?.audioEndS ?? 0) * 1000).toBeCloseTo(146.5625, 6); // int(2·38696/33) = 2345 samples
    // Python gives (36350, 38695) for the last window: 31·W/2 + W falls a hair under L, and int() drops the sample.
    expect([windows[31]?.audioStartS, windows[31]?.audioEndS].map((t) => Math.round((t ?? 0) * 16_000))).toEqual([36_350, 38_695]);
  });

  it("rounds halves to even as Python's round() does", () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
});

describe('nearestIndex', () => {
  it('finds the nearest time and prefers the earlier on a tie', () => {
    const times = [0, 1, 2, 3];
    expect([-1, 0.4, 0.5, 0.6, 2.9, 9].map((t) => nearestIndex(times, t))).toEqual([0, 0, 0, 1, 3, 3]);
  });
});
