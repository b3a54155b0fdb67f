/**
 * RGB resizing as Pillow's Image.resize does it, since Python's image processors (and so the paper's
 * features) resize with Pillow: a separable convolution whose filter support widens by the scale when
 * shrinking, edge pixels clamped, the horizontal pass first, each pass rounded to 8 bits with Pillow's
 * 22-bit fixed-point weights. Needed because transformers.js resizes with sharp's affine transform in
 * Node, which blends the border with black: a uniform 100×80 crop upscaled to 224×224 comes back with
 * edge pixels at a sixth of their value.
 */

interface Filter {
  support: number;
  weight: (x: number) => number;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

/** Pillow's filters by its resample codes (PIL.Image.Resampling), from its Resample.c. */
const FILTERS: Readonly<Record<number, Filter>> = {
  1: { support: 3, weight: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) }, // LANCZOS
  2: { support: 1, weight: (x) => Math.max(0, 1 - Math.abs(x)) }, // BILINEAR
  3: {
    // BICUBIC, a = -0.5
    support: 2,
    weight: (value) => {
      const a = -0.5;
      const x = Math.abs(value);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
  4: { support: 0.5, weight: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) }, // BOX
  5: {
    // HAMMING
    support: 1,
    weight: (value) => {
      const x = Math.abs(value);
      if (x === 0) return 1;
      if (x >= 1) return 0;
      return sinc(x) * (0.54 + 0.46 * Math.cos(x * Math.PI));
    },
  },
};

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

export function isPillowFilter(resample: unknown): resample is number {
  return resample === 0 || (typeof resample === 'number' && resample in FILTERS);
}

interface Taps {
  first: number;
  /** Fixed-point weights of source pixels first, first + 1, … */
  weights: number[];
}

/** Pillow's precompute_coeffs + normalize_coeffs_8bpc for one axis. */
function taps(inSize: number, outSize: number, filter: Filter): Taps[] {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  return Array.from({ length: outSize }, (_, out) => {
    const center = (out + 0.5) * scale;
    const first = Math.max(0, Math.trunc(center - support + 0.5));
    const last = Math.min(inSize, Math.trunc(center + support + 0.5));
    const raw = Array.from({ length: last - first }, (_, k) => filter.weight((k + first - center + 0.5) / filterScale));
    const total = raw.reduce((a, b) => a + b, 0);
    const weights = raw.map((w) => {
      const normalised = total === 0 ? w : w / total;
      return normalised < 0 ? Math.trunc(-0.5 + normalised * ONE) : Math.trunc(0.5 + normalised * ONE);
    });
    return { first, weights };
  });
}

function clip8(sum: number): number {
  return Math.min(255, Math.max(0, Math.floor(sum / ONE)));
}

/** One pass along x (horizontal) or y, 3 channels, rounding to 8 bits like Pillow. */
function pass(src: Uint8Array, width: number, height: number, axisTaps: Taps[], horizontal: boolean): Uint8Array {
  const outWidth = horizontal ? axisTaps.length : width;
  const outHeight = horizontal ? height : axisTaps.length;
  const out = new Uint8Array(outWidth * outHeight * 3);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const { first, weights } = axisTaps[horizontal ? x : y] as Taps;
      for (let c = 0; c < 3; c++) {
        let sum = ONE / 2;
        weights.forEach((weight, k) => {
          const index = horizontal ? (y * width + first + k) * 3 + c : ((first + k) * width + x) * 3 + c;
          sum += (src[index] ?? 0) * weight;
        });
        out[(y * outWidth + x) * 3 + c] = clip8(sum);
      }
    }
  }
  return out;
}

/** Pillow's NEAREST: the source pixel under each output pixel's centre. */
function nearest(src: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Uint8Array {
  const out = new Uint8Array(outWidth * outHeight * 3);
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outHeight));
    for (let x = 0; x < outWidth; x++) {
      const sx = Math.min(width - 1, Math.floor(((x + 0.5) * width) / outWidth));
      out.set(src.subarray((sy * width + sx) * 3, (sy * width + sx) * 3 + 3), (y * outWidth + x) * 3);
    }
  }
  return out;
}

/** Resizes row-major RGB bytes with a Pillow resample code (0 nearest … 5 hamming). */
export function resizeRgb(src: Uint8Array, width: number, height: number, outWidth: number, outHeight: number, resample: number): Uint8Array {
  if (outWidth === width && outHeight === height) return src;
  if (resample === 0) return nearest(src, width, height, outWidth, outHeight);
  const filter = FILTERS[resample];
  if (filter === undefined) throw new RangeError(`resample ${resample} is not a Pillow filter (0–5)`);
  const wide = outWidth === width ? src : pass(src, width, height, taps(width, outWidth, filter), true);
  return outHeight === height ? wide : pass(wide, outWidth, height, taps(height, outHeight, filter), false);
}
