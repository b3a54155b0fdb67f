import { describe, expect, it } from 'vitest';
import { AUDIO_DESCRIPTOR_DIMS, describeAudioFragment } from './audio-descriptor';

const SR = 16_000;
const tone = (hz: number, seconds: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / SR));
/** Deterministic white noise in [−a, a]. */
const noise = (seconds: number, amplitude = 0.5): Float32Array => {
  let state = 12345;
  return Float32Array.from({ length: Math.round(seconds * SR) }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return amplitude * (2 * (state / 2 ** 31) - 1);
  });
};

describe('describeAudioFragment', () => {
  it('gives all zeros, flagged silent, for digital silence — never NaN', () => {
    const { vector, silent } = describeAudioFragment(new Float32Array(6000));
    expect(silent).toBe(true);
    expect(vector).toHaveLength(AUDIO_DESCRIPTOR_DIMS);
    expect(vector.every((v) => v === 0)).toBe(true);
  });

  it('finds the pitch of a voiced tone and calls it voiced', () => {
    const { vector, silent } = describeAudioFragment(tone(200, 0.5));
    expect(silent).toBe(false);
    expect(vector[126]).toBeGreaterThan(0.9);
    expect(2 ** (vector[127] as number) * 100).toBeCloseTo(200, 0);
    expect(vector.every(Number.isFinite)).toBe(true);
  });

  it('tells noise from a tone: flatter spectrum, higher centroid, unvoiced', () => {
    const t = describeAudioFragment(tone(300, 0.5)).vector;
    const n = describeAudioFragment(noise(0.5)).vector;
    expect(n[125]).toBeGreaterThan((t[125] as number) * 10);
    expect(n[124]).toBeGreaterThan((t[124] as number) + 1);
    expect(n[126]).toBeLessThan(0.2);
  });

  it('puts a tone’s energy in the mel band that holds its frequency', () => {
    const low = describeAudioFragment(tone(250, 0.4)).vector.slice(0, 40);
    const high = describeAudioFragment(tone(3000, 0.4)).vector.slice(0, 40);
    const argmax = (v: Float32Array): number => v.indexOf(Math.max(...v));
    expect(argmax(low)).toBeLessThan(argmax(high));
  });

  it('is louder for a louder signal, and moves when the spectrum changes', () => {
    const quiet = describeAudioFragment(tone(440, 0.5, 0.05)).vector;
    const loud = describeAudioFragment(tone(440, 0.5, 0.8)).vector;
    expect(loud[120]).toBeGreaterThan(quiet[120] as number);
    expect(loud[122]).toBeGreaterThan(quiet[122] as number);
    const sweep = new Float32Array([...tone(300, 0.25), ...tone(2500, 0.25)]);
    const steady = describeAudioFragment(tone(300, 0.5)).vector;
    const moving = describeAudioFragment(sweep).vector;
    const sum = (v: Float32Array): number => v.slice(40, 80).reduce((a, b) => a + b, 0);
    expect(sum(moving)).toBeGreaterThan(sum(steady) * 2);
  });

  it('handles a fragment shorter than one analysis frame, and is deterministic', () => {
    const short = tone(440, 0.01);
    const a = describeAudioFragment(short);
    expect(a.vector.every(Number.isFinite)).toBe(true);
    expect(Buffer.from(describeAudioFragment(short).vector.buffer).equals(Buffer.from(a.vector.buffer))).toBe(true);
  });
});
