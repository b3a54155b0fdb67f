/**
 * Inputs for parity tests, benchmarks and the pack's self-test: real face crops cut from the shared fixture
 * photo with ffmpeg, and seeded random tensors. Crop boxes are in the photo's pixels (single_face.jpg is 572×562; the face
 * spans about x 170–400, y 120–370; the eyes are near (230, 250) and (330, 250)).
 */
import { execFileSync } from 'node:child_process';

export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Decodes an image region with ffmpeg, resized (bilinear) to size×size, as RGB bytes 0–255 in NHWC order. */
export function decodeRgbCrop(path: string, box: CropBox, size: number): Uint8Array {
  const filter = `crop=${box.width}:${box.height}:${box.x}:${box.y},scale=${size}:${size}:flags=bilinear`;
  return new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-vf', filter, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 64 << 20 }));
}

/** RGB bytes → float32, value·scale + offset (e.g. 1/127.5, −1 for [−1, 1]). */
export function scaleRgb(rgb: Uint8Array, scale: number, offset: number): Float32Array {
  return Float32Array.from(rgb, (v) => v * scale + offset);
}

/** Human's emotion preprocessing: grey = 0.2989 R + 0.5870 G + 0.1140 B of [0, 1] RGB, then (grey − 0.5)·2. */
export function greyMinusOneToOne(rgb: Uint8Array): Float32Array {
  const grey = new Float32Array(rgb.length / 3);
  for (let i = 0; i < grey.length; i++) {
    const luma = 0.2989 * ((rgb[i * 3] ?? 0) / 255) + 0.587 * ((rgb[i * 3 + 1] ?? 0) / 255) + 0.114 * ((rgb[i * 3 + 2] ?? 0) / 255);
    grey[i] = (luma - 0.5) * 2;
  }
  return grey;
}

/** Deterministic uniform floats in [min, max) (mulberry32), so a failing figure can be reproduced. */
export function seededUniform(count: number, seed: number, min: number, max: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = min + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min);
  }
  return out;
}

/** Concatenates per-image NHWC arrays into one batch. */
export function stackBatch(images: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(images.reduce((sum, image) => sum + image.length, 0));
  let at = 0;
  for (const image of images) {
    out.set(image, at);
    at += image.length;
  }
  return out;
}
