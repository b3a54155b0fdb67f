/**
 * Square face crops for the models: the box's longer side plus a margin, centred on the box,
 * resampled bilinearly to the model's size. Parts of the square outside the frame are black, so a
 * face at the edge keeps its proportions.
 */
import type { FaceBox } from './face-tracking';

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. */
  rgb: Uint8Array;
}

export interface SquareRegion {
  x: number;
  y: number;
  side: number;
}

/** The square a crop covers: centred on the box, side = longer box side × (1 + 2 × margin). */
export function squareAround(box: FaceBox, margin: number): SquareRegion {
  const side = Math.max(box.width, box.height) * (1 + 2 * margin);
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, side };
}

/** Bilinear resample of `region` of `image` to size × size (pixel centres aligned, as OpenCV does). */
export function cropSquare(image: RgbImage, region: SquareRegion, size: number): RgbImage {
  const out = new Uint8Array(size * size * 3);
  const scale = region.side / size;
  const { width, height, rgb } = image;
  const sample = (px: number, py: number, channel: number): number =>
    px < 0 || py < 0 || px >= width || py >= height ? 0 : (rgb[(py * width + px) * 3 + channel] as number);
  for (let oy = 0; oy < size; oy += 1) {
    const sy = region.y + (oy + 0.5) * scale - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let ox = 0; ox < size; ox += 1) {
      const sx = region.x + (ox + 0.5) * scale - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      for (let c = 0; c < 3; c += 1) {
        const top = sample(x0, y0, c) * (1 - fx) + sample(x0 + 1, y0, c) * fx;
        const bottom = sample(x0, y0 + 1, c) * (1 - fx) + sample(x0 + 1, y0 + 1, c) * fx;
        out[(oy * size + ox) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width: size, height: size, rgb: out };
}
