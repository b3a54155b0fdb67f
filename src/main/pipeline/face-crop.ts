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

/** Per output column: the two source columns as byte offsets (−1 when outside the frame) and the weight of the right one. */
interface ColumnTaps {
  xs: Int32Array;
  fxs: Float64Array;
}

function columnTaps(region: SquareRegion, size: number, scale: number, width: number): ColumnTaps {
  const xs = new Int32Array(size * 2);
  const fxs = new Float64Array(size);
  for (let ox = 0; ox < size; ox += 1) {
    const sx = region.x + (ox + 0.5) * scale - 0.5;
    const x0 = Math.floor(sx);
    xs[ox * 2] = x0 >= 0 && x0 < width ? x0 * 3 : -1;
    xs[ox * 2 + 1] = x0 + 1 >= 0 && x0 + 1 < width ? (x0 + 1) * 3 : -1;
    fxs[ox] = sx - x0;
  }
  return { xs, fxs };
}

/**
 * Bilinear resample of `region` of `image` to size × size (pixel centres aligned, as OpenCV does).
 * Each output value is round(top + (bottom − top) · fy), top and bottom the source rows interpolated
 * across: both paths below compute exactly that, so they give the same bytes.
 */
export function cropSquare(image: RgbImage, region: SquareRegion, size: number): RgbImage {
  const scale = region.side / size;
  const taps = columnTaps(region, size, scale, image.width);
  const out = new Uint8Array(size * size * 3);
  // Enlarging (a face crop): neighbouring output rows share source rows, so each is interpolated across once (~3× faster).
  if (scale < 1) cropByRows(image, region, size, scale, taps, out);
  else cropByPixels(image, region, size, scale, taps, out);
  return { width: size, height: size, rgb: out };
}

/** One source row interpolated across to the output's columns (a pixel outside the frame is black). */
function interpolateRow(rgb: Uint8Array, rowStart: number, { xs, fxs }: ColumnTaps, size: number, into: Float64Array): Float64Array {
  for (let ox = 0; ox < size; ox += 1) {
    const a = xs[ox * 2] as number;
    const b = xs[ox * 2 + 1] as number;
    const fx = fxs[ox] as number;
    const o = ox * 3;
    if (a >= 0 && b >= 0) {
      for (let c = 0; c < 3; c += 1) {
        const p0 = rgb[rowStart + a + c] as number;
        into[o + c] = p0 + ((rgb[rowStart + b + c] as number) - p0) * fx;
      }
      continue;
    }
    for (let c = 0; c < 3; c += 1) {
      const p0 = a < 0 ? 0 : (rgb[rowStart + a + c] as number);
      const p1 = b < 0 ? 0 : (rgb[rowStart + b + c] as number);
      into[o + c] = p0 + (p1 - p0) * fx;
    }
  }
  return into;
}

function cropByRows(image: RgbImage, region: SquareRegion, size: number, scale: number, taps: ColumnTaps, out: Uint8Array): void {
  const { width, height, rgb } = image;
  const line = size * 3;
  const black = new Float64Array(line);
  const source = (y: number, into: Float64Array): Float64Array => (y < 0 || y >= height ? black : interpolateRow(rgb, y * width * 3, taps, size, into));
  let upper: Float64Array = new Float64Array(line);
  let lower: Float64Array = new Float64Array(line);
  let top: Float64Array = black;
  let bottom: Float64Array = black;
  let topY = Number.NaN;
  for (let oy = 0; oy < size; oy += 1) {
    const sy = region.y + (oy + 0.5) * scale - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    // Both source rows outside the frame: the row stays black.
    if (y0 + 1 < 0 || y0 >= height) continue;
    if (y0 === topY + 1) {
      // Moved down one source row: the old bottom row is the new top.
      [upper, lower] = [lower, upper];
      top = bottom;
      bottom = source(y0 + 1, lower);
    } else if (y0 !== topY) {
      top = source(y0, upper);
      bottom = source(y0 + 1, lower);
    }
    topY = y0;
    const o = oy * line;
    // + 0.5 then the byte store's truncation is Math.round for these non-negative values.
    for (let k = 0; k < line; k += 1) {
      const t = top[k] as number;
      out[o + k] = t + ((bottom[k] as number) - t) * fy + 0.5;
    }
  }
}

/** Shrinking (the detector's letterbox): each output row reads its own source rows, so they are read per pixel. */
function cropByPixels(image: RgbImage, region: SquareRegion, size: number, scale: number, { xs, fxs }: ColumnTaps, out: Uint8Array): void {
  const { width, height, rgb } = image;
  for (let oy = 0; oy < size; oy += 1) {
    const sy = region.y + (oy + 0.5) * scale - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    if (y0 + 1 < 0 || y0 >= height) continue;
    const row0 = y0 >= 0 && y0 < height ? y0 * width * 3 : -1;
    const row1 = y0 + 1 >= 0 && y0 + 1 < height ? (y0 + 1) * width * 3 : -1;
    const rowsInside = row0 >= 0 && row1 >= 0;
    for (let ox = 0; ox < size; ox += 1) {
      const a = xs[ox * 2] as number;
      const b = xs[ox * 2 + 1] as number;
      const fx = fxs[ox] as number;
      const o = (oy * size + ox) * 3;
      if (rowsInside && a >= 0 && b >= 0) {
        // Inside the frame (nearly every pixel of a crop): the same arithmetic without the edge checks, ~3× faster.
        for (let c = 0; c < 3; c += 1) {
          const p00 = rgb[row0 + a + c] as number;
          const p10 = rgb[row1 + a + c] as number;
          const top = p00 + ((rgb[row0 + b + c] as number) - p00) * fx;
          const bottom = p10 + ((rgb[row1 + b + c] as number) - p10) * fx;
          out[o + c] = top + (bottom - top) * fy + 0.5;
        }
        continue;
      }
      for (let c = 0; c < 3; c += 1) {
        const p00 = row0 < 0 || a < 0 ? 0 : (rgb[row0 + a + c] as number);
        const p01 = row0 < 0 || b < 0 ? 0 : (rgb[row0 + b + c] as number);
        const p10 = row1 < 0 || a < 0 ? 0 : (rgb[row1 + a + c] as number);
        const p11 = row1 < 0 || b < 0 ? 0 : (rgb[row1 + b + c] as number);
        const top = p00 + (p01 - p00) * fx;
        const bottom = p10 + (p11 - p10) * fx;
        out[o + c] = top + (bottom - top) * fy + 0.5;
      }
    }
  }
}
