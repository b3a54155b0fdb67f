/**
 * 468 facial landmarks with FaceMesh (the default pack's `facemesh`): a square around the detector's
 * box, enlarged 1.4× as Human does, resized to 192×192 in [0, 1]; the mesh comes back in crop
 * pixels and is mapped to frame pixels (z on the same scale). FaceMesh's own face probability
 * confirms the detection.
 */
import * as ort from 'onnxruntime-node';
import { onnxPath } from '../../models/pack/manifest-io';
import { sessionFactory, type ModelSession, type SessionFactory } from '../../models/session';
import { cropSquareInto, squareAround, type RgbImage, type SquareRegion } from '../face-crop';
import type { FaceBox } from '../face-tracking';
import type { Landmarks } from '../fau/face-frame';
import { ModelInput } from './model-input';

const INPUT = 192;
/** Human's detector.scale: the mesh model was trained on crops this much larger than the box. */
export const MESH_CROP_SCALE = 1.4;

export interface FaceMesh {
  landmarks: Landmarks;
  /** FaceMesh's probability that the crop holds a face. */
  faceScore: number;
}

export class FaceMeshLandmarks {
  private readonly input = new ModelInput();

  private constructor(private readonly session: ModelSession) {}

  static async open(modelsDir: string, factory: SessionFactory = sessionFactory()): Promise<FaceMeshLandmarks> {
    return new FaceMeshLandmarks(await factory.open(onnxPath(modelsDir, 'facemesh')));
  }

  /** Landmarks for each (frame, box) pair, run as one batch. */
  async landmarks(items: readonly { frame: RgbImage; box: FaceBox }[]): Promise<FaceMesh[]> {
    if (items.length === 0) return [];
    const regions = items.map(({ box }) => squareAround(box, (MESH_CROP_SCALE - 1) / 2));
    const crop = INPUT * INPUT * 3;
    const outputs = await this.input.with(items.length * crop, crop, async (input, bytes) => {
      items.forEach(({ frame }, i) => {
        cropSquareInto(frame, regions[i] as SquareRegion, INPUT, bytes);
        const offset = i * crop;
        for (let k = 0; k < crop; k += 1) input[offset + k] = (bytes[k] as number) / 255;
      });
      return (await this.session.run({ face: new ort.Tensor('float32', input, [items.length, INPUT, INPUT, 3]) }, ['mesh', 'face_flag'])).outputs;
    });
    return meshesFromOutputs(outputs, regions);
  }
}

/** The model's outputs for crops of `regions` (squares of the frames) → landmarks in frame pixels and face probabilities. */
export function meshesFromOutputs(outputs: Record<'mesh' | 'face_flag', ort.Tensor>, regions: readonly SquareRegion[]): FaceMesh[] {
  const mesh = outputs.mesh.data as Float32Array;
  const flags = outputs.face_flag.data as Float32Array;
  return regions.map((region, i) => {
    const scale = region.side / INPUT;
    const landmarks = Array.from({ length: 468 }, (_, p): [number, number, number] => {
      const at = i * 1404 + p * 3;
      return [region.x + (mesh[at] as number) * scale, region.y + (mesh[at + 1] as number) * scale, (mesh[at + 2] as number) * scale];
    });
    return { landmarks, faceScore: flags[i] as number };
  });
}
