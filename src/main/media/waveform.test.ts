import { describe, expect, it } from 'vitest';
import { MAX_BUCKETS, peakEnvelope, waveformBucketS } from './waveform';

describe('peakEnvelope', () => {
  it('keeps the loudest sample of each bucket, with silence as 0 and a short last bucket', () => {
    // 1 s at 1 kHz: silence, then a 0.5-amplitude tone, then one clipped sample.
    const samples = new Float32Array(1050);
    for (let i = 400; i < 800; i++) samples[i] = 0.5 * Math.sin(i);
    samples[1049] = -1.7;
    const peaks = peakEnvelope(samples, 1000, 0.1);
    expect(peaks).toHaveLength(11);
    expect(Array.from(peaks.slice(0, 4))).toEqual([0, 0, 0, 0]);
    for (const peak of peaks.slice(4, 8)) expect(peak).toBeGreaterThan(0.49);
    expect(peaks[10]).toBe(1);
  });

  it('caps the number of buckets for long clips', () => {
    expect(waveformBucketS(2.4)).toBe(0.01);
    expect(3600 / waveformBucketS(3600)).toBeCloseTo(MAX_BUCKETS, 6);
  });
});
