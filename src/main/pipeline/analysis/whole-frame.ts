/**
 * The authors' crop step keeps a frame whole when it finds no face (crop_images.py saves the frame as
 * it is), and their ViT processor then resizes that whole frame to its square input without keeping
 * the aspect. This does the same for the default image encoder, which reads square crops.
 */
import type { RgbImage } from '../face-crop';

/** The whole frame resampled to size × size, x and y scaled separately (bilinear, pixel centres aligned). */
export function squashToSquare(image: RgbImage, size: number): RgbImage {
  const { width, height, rgb } = image;
  const out = new Uint8Array(size * size * 3);
  const sample = (s: number, limit: number): [number, number, number] => {
    const clamped = Math.min(Math.max(s, 0), limit - 1);
    const i0 = Math.floor(clamped);
    const i1 = Math.min(i0 + 1, limit - 1);
    return [i0, i1, clamped - i0];
  };
  for (let oy = 0; oy < size; oy += 1) {
    const [y0, y1, fy] = sample((oy + 0.5) * (height / size) - 0.5, height);
    for (let ox = 0; ox < size; ox += 1) {
      const [x0, x1, fx] = sample((ox + 0.5) * (width / size) - 0.5, width);
      for (let c = 0; c < 3; c += 1) {
        const at = (x: number, y: number): number => rgb[(y * width + x) * 3 + c] as number;
        const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * fx;
        const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * fx;
        out[(oy * size + ox) * 3 + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { width: size, height: size, rgb: out };
}
