/**
 * Face detection with BlazeFace (the default pack's `blazeface`): the frame is letterboxed to a
 * 256×256 square in [-1, 1], the 896 anchors (16×16 grid × 2, then 8×8 × 6, centres in input pixels)
 * are decoded to boxes, scored with a sigmoid and thinned by non-maximum suppression, and the boxes
 * are mapped back to frame pixels.
 */
import * as ort from 'onnxruntime-node';
import { onnxPath } from '../../models/pack/manifest-io';
import type { ModelSession, SessionFactory } from '../../models/session';
import { sessionFactory } from '../../models/session';
import { cropSquareInto, type RgbImage } from '../face-crop';
import { iou, type FaceBox } from '../face-tracking';
import { ModelInput } from './model-input';

const INPUT = 256;
const GRIDS = [
  { cells: 16, perCell: 2, boxes: 'boxes_16x16', scores: 'scores_16x16' },
  { cells: 8, perCell: 6, boxes: 'boxes_8x8', scores: 'scores_8x8' },
] as const;

export interface DetectOptions {
  /** Least face probability kept. */
  minScore?: number;
  /** Boxes overlapping a better one by more than this IoU are dropped. */
  maxOverlap?: number;
  maxFaces?: number;
}

export const DEFAULT_MIN_FACE_SCORE = 0.6;

/** Non-maximum suppression over boxes sorted by score, best first. */
export function suppressOverlaps(boxes: readonly FaceBox[], maxOverlap: number, maxFaces: number): FaceBox[] {
  const kept: FaceBox[] = [];
  for (const box of [...boxes].sort((a, b) => b.score - a.score)) {
    if (kept.length >= maxFaces) break;
    if (kept.every((k) => iou(k, box) <= maxOverlap)) kept.push(box);
  }
  return kept;
}

export class BlazeFaceDetector {
  private readonly input = new ModelInput();

  private constructor(private readonly session: ModelSession) {}

  static async open(modelsDir: string, factory: SessionFactory = sessionFactory()): Promise<BlazeFaceDetector> {
    return new BlazeFaceDetector(await factory.open(onnxPath(modelsDir, 'blazeface')));
  }

  get provider(): string {
    return this.session.provider;
  }

  async detect(frame: RgbImage, options: DetectOptions = {}): Promise<FaceBox[]> {
    const side = Math.max(frame.width, frame.height);
    // Letterbox: the square is centred on the frame, so faces keep their proportions.
    const region = { x: (frame.width - side) / 2, y: (frame.height - side) / 2, side };
    const outputs = await this.input.with(INPUT * INPUT * 3, INPUT * INPUT * 3, async (input, square) => {
      cropSquareInto(frame, region, INPUT, square);
      // A plain loop: Float32Array.from with a mapper costs ~20 ms a frame here, the loop under 1 ms.
      for (let i = 0; i < input.length; i += 1) input[i] = (square[i] as number) / 127.5 - 1;
      return (await this.session.run({ image: new ort.Tensor('float32', input, [1, INPUT, INPUT, 3]) }, ['boxes_16x16', 'scores_16x16', 'boxes_8x8', 'scores_8x8'])).outputs;
    });
    return facesFromOutputs(outputs, region, options);
  }
}

/** The model's outputs for the letterboxed `region` (a square of the frame) → faces in frame pixels, scored and thinned. */
export function facesFromOutputs(outputs: Record<(typeof GRIDS)[number]['boxes' | 'scores'], ort.Tensor>, region: { x: number; y: number; side: number }, options: DetectOptions = {}): FaceBox[] {
  const minScore = options.minScore ?? DEFAULT_MIN_FACE_SCORE;
  const toFrame = region.side / INPUT;
  const candidates: FaceBox[] = [];
  for (const grid of GRIDS) {
    const boxes = outputs[grid.boxes].data as Float32Array;
    const logits = outputs[grid.scores].data as Float32Array;
    const stride = INPUT / grid.cells;
    for (let a = 0; a < logits.length; a += 1) {
      const score = 1 / (1 + Math.exp(-(logits[a] as number)));
      if (score < minScore) continue;
      const cell = Math.floor(a / grid.perCell);
      const anchorX = ((cell % grid.cells) + 0.5) * stride;
      const anchorY = (Math.floor(cell / grid.cells) + 0.5) * stride;
      const cx = anchorX + (boxes[a * 16] as number);
      const cy = anchorY + (boxes[a * 16 + 1] as number);
      const w = boxes[a * 16 + 2] as number;
      const h = boxes[a * 16 + 3] as number;
      candidates.push({ x: region.x + (cx - w / 2) * toFrame, y: region.y + (cy - h / 2) * toFrame, width: w * toFrame, height: h * toFrame, score });
    }
  }
  return suppressOverlaps(candidates, options.maxOverlap ?? 0.3, options.maxFaces ?? 10);
}
