import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { PRIOR_MAPPING, priorIntensities } from './prior';

describe('prior', () => {
  it('has weight rows summing to 1, so [0,1] inputs stay in [0,1]', () => {
    for (const emotion of EMOTIONS) expect(Object.values(PRIOR_MAPPING[emotion]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('maps a smiling, happy face to adoration and amusement, and skips missing frames', () => {
    const width = 32;
    const frame = new Float32Array(width);
    frame[4] = 1; // AU06 cheek raiser
    frame[9] = 1; // AU12 lip corner puller
    frame[16] = 0.5; // AU25 lips part
    frame[23] = 1; // happiness
    const garbage = new Float32Array(width).fill(1);
    const fau = new Float32Array([...frame, ...garbage]);
    const values = priorIntensities(fau, width, Float32Array.from([1, 0]));
    expect(values[0]).toBeCloseTo(1, 6); // Adoration: 0.6 + 0.2 + 0.2
    expect(values[1]).toBeCloseTo(0.5 + 0.2 + 0.15 + 0.075, 6); // Amusement
    expect(values[3]).toBe(0); // Disgust
  });
});
