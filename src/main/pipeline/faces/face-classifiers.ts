/**
 * The two models that read a face crop (the square around the landmarks' bounding box, enlarged
 * 1.4× like Human's face tensor): the FER2013 emotion model (64×64 grey in [-1, 1] → 7 probabilities
 * in BASIC_EMOTIONS order) and FaceRes (224×224 RGB in [0, 255] → a 1024-d descriptor, the default
 * image embedding). Each runs all crops of a clip as one batch.
 */
import * as ort from 'onnxruntime-node';
import { chunkRanges } from '../../models/batch';
import { onnxPath } from '../../models/pack/manifest-io';
import { sessionFactory, type ModelSession, type SessionFactory } from '../../models/session';
import { cropSquareInto, squareAround, type RgbImage, type SquareRegion } from '../face-crop';
import type { Landmarks } from '../fau/face-frame';
import { MESH_CROP_SCALE } from './facemesh-landmarks';
import { ModelInput } from './model-input';

const EMOTION_SIZE = 64;
const DESCRIPTOR_SIZE = 224;
/**
 * FaceRes runs at most this many crops at once: as fast per crop as 32 (1 thread, 32 crops: 388 vs 395 ms),
 * and ONNX Runtime's arena for it stays ~270 MB instead of ~620, which keeps the process small enough that
 * ffmpeg's spawn (a fork of the whole process) stays cheap.
 */
const DESCRIPTOR_BATCH = 8;
export const FACE_DESCRIPTOR_DIMS = 1024;

/** The crop region around a face's landmarks. */
export function faceRegion(landmarks: Landmarks): SquareRegion {
  const xs = landmarks.map((p) => p[0]);
  const ys = landmarks.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return squareAround({ x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y, score: 1 }, (MESH_CROP_SCALE - 1) / 2);
}

/** An RGB crop as the emotion model reads it, written from `offset`: Human's grey conversion on [0, 1] RGB, then (grey − 0.5) × 2. */
export function writeEmotionInput(rgb: Uint8Array, input: Float32Array, offset: number): void {
  for (let p = 0; p < rgb.length / 3; p += 1) {
    const grey = (0.2989 * (rgb[p * 3] as number) + 0.587 * (rgb[p * 3 + 1] as number) + 0.114 * (rgb[p * 3 + 2] as number)) / 255;
    input[offset + p] = (grey - 0.5) * 2;
  }
}

export class FaceClassifiers {
  private readonly emotionInput = new ModelInput();
  private readonly descriptorInput = new ModelInput();

  private constructor(
    private readonly emotion: ModelSession,
    private readonly descriptor: ModelSession,
  ) {}

  static async open(modelsDir: string, factory: SessionFactory = sessionFactory()): Promise<FaceClassifiers> {
    return new FaceClassifiers(await factory.open(onnxPath(modelsDir, 'emotion')), await factory.open(onnxPath(modelsDir, 'faceres')));
  }

  get providers(): { emotion: string; descriptor: string } {
    return { emotion: this.emotion.provider, descriptor: this.descriptor.provider };
  }

  /** 7 probabilities per crop: anger, disgust, fear, happiness, sadness, surprise, neutral. */
  async emotions(faces: readonly { frame: RgbImage; region: SquareRegion }[]): Promise<Float32Array[]> {
    if (faces.length === 0) return [];
    const pixels = EMOTION_SIZE * EMOTION_SIZE;
    const outputs = await this.emotionInput.with(faces.length * pixels, pixels * 3, async (input, rgb) => {
      faces.forEach(({ frame, region }, i) => {
        cropSquareInto(frame, region, EMOTION_SIZE, rgb);
        writeEmotionInput(rgb, input, i * pixels);
      });
      return (await this.emotion.run({ face: new ort.Tensor('float32', input, [faces.length, EMOTION_SIZE, EMOTION_SIZE, 1]) }, ['emotion'])).outputs;
    });
    const data = outputs.emotion.data as Float32Array;
    return faces.map((_, i) => data.slice(i * 7, i * 7 + 7));
  }

  /** FaceRes descriptors, one 1024-d vector per crop. */
  async descriptors(faces: readonly { frame: RgbImage; region: SquareRegion }[]): Promise<Float32Array[]> {
    const size = DESCRIPTOR_SIZE * DESCRIPTOR_SIZE * 3;
    const vectors: Float32Array[] = [];
    for (const [start, end] of chunkRanges(faces.length, DESCRIPTOR_BATCH)) {
      const outputs = await this.descriptorInput.with((end - start) * size, size, async (input, bytes) => {
        for (let i = start; i < end; i += 1) {
          const { frame, region } = faces[i] as { frame: RgbImage; region: SquareRegion };
          cropSquareInto(frame, region, DESCRIPTOR_SIZE, bytes);
          // FaceRes reads the bytes as they are, in [0, 255]: set() converts them natively, ~20× faster than a loop.
          input.set(bytes, (i - start) * size);
        }
        return (await this.descriptor.run({ face: new ort.Tensor('float32', input, [end - start, DESCRIPTOR_SIZE, DESCRIPTOR_SIZE, 3]) }, ['descriptor'])).outputs;
      });
      const data = outputs.descriptor.data as Float32Array;
      for (let i = 0; i < end - start; i += 1) vectors.push(data.slice(i * FACE_DESCRIPTOR_DIMS, (i + 1) * FACE_DESCRIPTOR_DIMS));
    }
    return vectors;
  }
}
