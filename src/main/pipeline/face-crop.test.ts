import { describe, expect, it } from 'vitest';
import { cropSquare, squareAround, type RgbImage } from './face-crop';

/** A width × height image whose pixel (x, y) is (x, y, 7). */
function ramp(width: number, height: number): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) for (let x = 0; x < width; x += 1) rgb.set([x, y, 7], (y * width + x) * 3);
  return { width, height, rgb };
}
const pixel = (image: RgbImage, x: number, y: number): number[] => [...image.rgb.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3)];

describe('face crops', () => {
  it('makes a square around the box with the margin on every side', () => {
    expect(squareAround({ x: 100, y: 50, width: 40, height: 60, score: 1 }, 0.25)).toEqual({ x: 75, y: 35, side: 90 });
  });

  it('copies pixels exactly at scale 1 and interpolates linearly when scaling', () => {
    const image = ramp(100, 80);
    const same = cropSquare(image, { x: 10, y: 20, side: 16 }, 16);
    expect(pixel(same, 0, 0)).toEqual([10, 20, 7]);
    expect(pixel(same, 15, 15)).toEqual([25, 35, 7]);
    const half = cropSquare(image, { x: 10, y: 20, side: 32 }, 16);
    // Output pixel 3 samples source x = 10 + 3.5·2 − 0.5 = 16.5 and y = 26.5: halfway, rounded up.
    expect(pixel(half, 3, 3)).toEqual([17, 27, 7]);
  });

  it('fills what lies outside the frame with black', () => {
    const crop = cropSquare(ramp(50, 50), { x: -10, y: -10, side: 20 }, 20);
    expect(pixel(crop, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(crop, 15, 15)).toEqual([5, 5, 7]);
  });

  it('gives the bytes of plain per-pixel bilinear sampling, enlarging or shrinking, inside the frame or over its edge', () => {
    // The reference: each output value straight from its four source pixels (black outside the frame), rounded.
    const reference = (image: RgbImage, region: { x: number; y: number; side: number }, size: number): Uint8Array => {
      const out = new Uint8Array(size * size * 3);
      const at = (x: number, y: number, c: number): number => (x < 0 || y < 0 || x >= image.width || y >= image.height ? 0 : (image.rgb[(y * image.width + x) * 3 + c] as number));
      const scale = region.side / size;
      for (let oy = 0; oy < size; oy += 1) {
        const sy = region.y + (oy + 0.5) * scale - 0.5;
        const y0 = Math.floor(sy);
        for (let ox = 0; ox < size; ox += 1) {
          const sx = region.x + (ox + 0.5) * scale - 0.5;
          const x0 = Math.floor(sx);
          for (let c = 0; c < 3; c += 1) {
            const top = at(x0, y0, c) + (at(x0 + 1, y0, c) - at(x0, y0, c)) * (sx - x0);
            const bottom = at(x0, y0 + 1, c) + (at(x0 + 1, y0 + 1, c) - at(x0, y0 + 1, c)) * (sx - x0);
            out[(oy * size + ox) * 3 + c] = Math.round(top + (bottom - top) * (sy - y0));
          }
        }
      }
      return out;
    };
    const width = 160;
    const height = 90;
    // Pseudo-random bytes, so that no interpolation can pass by accident.
    const image = { width, height, rgb: Uint8Array.from({ length: width * height * 3 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 255) };
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 200; trial += 1) {
      const side = 3 + random() * 300;
      const region = { x: -side + random() * (width + side), y: -side + random() * (height + side), side };
      const size = [7, 32, 64, 96][trial % 4] as number;
      expect(Buffer.from(cropSquare(image, region, size).rgb).equals(Buffer.from(reference(image, region, size))), JSON.stringify({ region, size })).toBe(true);
    }
  });
});
