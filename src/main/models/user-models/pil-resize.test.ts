import { describe, expect, it } from 'vitest';
import { isPillowFilter, resizeRgb } from './pil-resize';

/** A grey image: each value repeated over R, G and B. */
function grey(values: number[]): Uint8Array {
  return Uint8Array.from(values.flatMap((v) => [v, v, v]));
}

function reds(rgb: Uint8Array): number[] {
  return Array.from(rgb.filter((_, i) => i % 3 === 0));
}

describe('resizeRgb (Pillow resampling)', () => {
  it('keeps a uniform image uniform at every edge, growing or shrinking, for every filter', () => {
    const src = new Uint8Array(100 * 80 * 3);
    for (let i = 0; i < 100 * 80; i++) src.set([200, 100, 50], i * 3);
    for (const resample of [0, 1, 2, 3, 4, 5]) {
      for (const [w, h] of [[224, 224], [37, 51]]) {
        const out = resizeRgb(src, 100, 80, w as number, h as number, resample);
        expect(out.length).toBe((w as number) * (h as number) * 3);
        expect(new Set(reds(out))).toEqual(new Set([200]));
      }
    }
  });

  it('interpolates like Pillow when growing: [0, 200] → [0, 50, 150, 200] (bilinear)', () => {
    expect(reds(resizeRgb(grey([0, 200]), 2, 1, 4, 1, 2))).toEqual([0, 50, 150, 200]);
    expect(reds(resizeRgb(grey([0, 200]), 1, 2, 1, 4, 2))).toEqual([0, 50, 150, 200]);
    expect(reds(resizeRgb(grey([10, 90]), 2, 1, 4, 1, 0))).toEqual([10, 10, 90, 90]);
  });

  it('widens the filter when shrinking (antialiasing), as Pillow does', () => {
    // Box over 2×2 blocks is their mean; bilinear at scale 2 spans three pixels with weights 3:3:1.
    expect(reds(resizeRgb(grey([10, 20, 30, 40, 50, 60, 70, 80]), 4, 2, 2, 1, 4))).toEqual([35, 55]);
    expect(reds(resizeRgb(grey([0, 0, 255, 255]), 4, 1, 2, 1, 2))).toEqual([36, 219]);
  });

  it('returns the same bytes at the same size, and knows Pillow\'s filter codes', () => {
    const src = grey([1, 2, 3, 4]);
    expect(resizeRgb(src, 2, 2, 2, 2, 3)).toBe(src);
    expect([0, 1, 2, 3, 4, 5].every(isPillowFilter)).toBe(true);
    expect(isPillowFilter(6) || isPillowFilter('bilinear')).toBe(false);
  });
});
