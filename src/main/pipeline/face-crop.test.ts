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
});
