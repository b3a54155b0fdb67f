/**
 * The face models' input steps as they were at c7a3005, frozen for the "before" flow (analyse-clip-before.ts):
 * crops rounded with Math.round and fresh arrays for every crop and every input, FaceRes on all of a clip's
 * crops in one batch. They run the same sessions as today's classes (the before pack's, through the session
 * factory), and read the outputs with today's functions (unchanged since c7a3005); only the inputs' making is
 * the old one, so that speeding up today's classes does not speed up the anchor too.
 */
import * as ort from 'onnxruntime-node';
import { onnxPath } from '../../src/main/models/pack/manifest-io';
import { sessionFactory, type ModelSession } from '../../src/main/models/session';
import type { RgbImage, SquareRegion } from '../../src/main/pipeline/face-crop';
import { squareAround } from '../../src/main/pipeline/face-crop';
import type { FaceBox } from '../../src/main/pipeline/face-tracking';
import { facesFromOutputs } from '../../src/main/pipeline/faces/blazeface-detector';
import { FACE_DESCRIPTOR_DIMS, writeEmotionInput } from '../../src/main/pipeline/faces/face-classifiers';
import { MESH_CROP_SCALE, meshesFromOutputs, type FaceMesh } from '../../src/main/pipeline/faces/facemesh-landmarks';

/** c7a3005's cropSquare: edge checks on every pixel, Math.round. */
function cropSquare(image: RgbImage, region: SquareRegion, size: number): RgbImage {
  const out = new Uint8Array(size * size * 3);
  const scale = region.side / size;
  const { width, height, rgb } = image;
  const xs = new Int32Array(size * 2);
  const fxs = new Float64Array(size);
  for (let ox = 0; ox < size; ox += 1) {
    const sx = region.x + (ox + 0.5) * scale - 0.5;
    const x0 = Math.floor(sx);
    xs[ox * 2] = x0 >= 0 && x0 < width ? x0 * 3 : -1;
    xs[ox * 2 + 1] = x0 + 1 >= 0 && x0 + 1 < width ? (x0 + 1) * 3 : -1;
    fxs[ox] = sx - x0;
  }
  for (let oy = 0; oy < size; oy += 1) {
    const sy = region.y + (oy + 0.5) * scale - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const row0 = y0 >= 0 && y0 < height ? y0 * width * 3 : -1;
    const row1 = y0 + 1 >= 0 && y0 + 1 < height ? (y0 + 1) * width * 3 : -1;
    for (let ox = 0; ox < size; ox += 1) {
      const a = xs[ox * 2] as number;
      const b = xs[ox * 2 + 1] as number;
      const fx = fxs[ox] as number;
      const o = (oy * size + ox) * 3;
      for (let c = 0; c < 3; c += 1) {
        const p00 = row0 < 0 || a < 0 ? 0 : (rgb[row0 + a + c] as number);
        const p01 = row0 < 0 || b < 0 ? 0 : (rgb[row0 + b + c] as number);
        const p10 = row1 < 0 || a < 0 ? 0 : (rgb[row1 + a + c] as number);
        const p11 = row1 < 0 || b < 0 ? 0 : (rgb[row1 + b + c] as number);
        const top = p00 + (p01 - p00) * fx;
        const bottom = p10 + (p11 - p10) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { width: size, height: size, rgb: out };
}

const DETECTOR_INPUT = 256;
const MESH_INPUT = 192;
const EMOTION_SIZE = 64;
const DESCRIPTOR_SIZE = 224;

export interface FaceModelsBefore {
  detect(frame: RgbImage, options: { minScore: number }): Promise<FaceBox[]>;
  landmarks(items: readonly { frame: RgbImage; box: FaceBox }[]): Promise<FaceMesh[]>;
  emotions(faces: readonly { frame: RgbImage; region: SquareRegion }[]): Promise<Float32Array[]>;
  descriptors(faces: readonly { frame: RgbImage; region: SquareRegion }[]): Promise<Float32Array[]>;
}

export async function openFaceModelsBefore(packDir: string): Promise<FaceModelsBefore> {
  const open = (id: string): Promise<ModelSession> => sessionFactory().open(onnxPath(packDir, id));
  const [detector, mesh, emotion, descriptor] = await Promise.all([open('blazeface'), open('facemesh'), open('emotion'), open('faceres')]);
  return {
    async detect(frame, options) {
      const side = Math.max(frame.width, frame.height);
      const region = { x: (frame.width - side) / 2, y: (frame.height - side) / 2, side };
      const square = cropSquare(frame, region, DETECTOR_INPUT);
      const input = new Float32Array(square.rgb.length);
      for (let i = 0; i < input.length; i += 1) input[i] = (square.rgb[i] as number) / 127.5 - 1;
      const { outputs } = await detector.run({ image: new ort.Tensor('float32', input, [1, DETECTOR_INPUT, DETECTOR_INPUT, 3]) }, ['boxes_16x16', 'scores_16x16', 'boxes_8x8', 'scores_8x8']);
      return facesFromOutputs(outputs, region, { minScore: options.minScore });
    },
    async landmarks(items) {
      if (items.length === 0) return [];
      const regions = items.map(({ box }) => squareAround(box, (MESH_CROP_SCALE - 1) / 2));
      const input = new Float32Array(items.length * MESH_INPUT * MESH_INPUT * 3);
      items.forEach(({ frame }, i) => {
        const crop = cropSquare(frame, regions[i] as SquareRegion, MESH_INPUT);
        const offset = i * MESH_INPUT * MESH_INPUT * 3;
        for (let k = 0; k < crop.rgb.length; k += 1) input[offset + k] = (crop.rgb[k] as number) / 255;
      });
      const { outputs } = await mesh.run({ face: new ort.Tensor('float32', input, [items.length, MESH_INPUT, MESH_INPUT, 3]) }, ['mesh', 'face_flag']);
      return meshesFromOutputs(outputs, regions);
    },
    async emotions(faces) {
      if (faces.length === 0) return [];
      const input = new Float32Array(faces.length * EMOTION_SIZE * EMOTION_SIZE);
      faces.forEach(({ frame, region }, i) => {
        writeEmotionInput(cropSquare(frame, region, EMOTION_SIZE).rgb, input, i * EMOTION_SIZE * EMOTION_SIZE);
      });
      const { outputs } = await emotion.run({ face: new ort.Tensor('float32', input, [faces.length, EMOTION_SIZE, EMOTION_SIZE, 1]) }, ['emotion']);
      const data = outputs.emotion.data as Float32Array;
      return faces.map((_, i) => data.slice(i * 7, i * 7 + 7));
    },
    async descriptors(faces) {
      if (faces.length === 0) return [];
      const size = DESCRIPTOR_SIZE * DESCRIPTOR_SIZE * 3;
      const input = new Float32Array(faces.length * size);
      faces.forEach(({ frame, region }, i) => input.set(cropSquare(frame, region, DESCRIPTOR_SIZE).rgb, i * size));
      const { outputs } = await descriptor.run({ face: new ort.Tensor('float32', input, [faces.length, DESCRIPTOR_SIZE, DESCRIPTOR_SIZE, 3]) }, ['descriptor']);
      const data = outputs.descriptor.data as Float32Array;
      return faces.map((_, i) => data.slice(i * FACE_DESCRIPTOR_DIMS, (i + 1) * FACE_DESCRIPTOR_DIMS));
    },
  };
}
