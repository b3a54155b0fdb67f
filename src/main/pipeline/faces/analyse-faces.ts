/**
 * The face stage of a clip: detect faces in every sampled frame, keep those FaceMesh confirms (its face
 * probability ≥ MIN_MESH_SCORE: the detector alone fires on text and graphics), follow one subject
 * (face-tracking.ts), then read the subject's crops for emotions and the descriptor in one batch each.
 */
import type { RgbImage, SquareRegion } from '../face-crop';
import { trackSubject, type FaceBox } from '../face-tracking';
import type { Landmarks } from '../fau/face-frame';
import type { BlazeFaceDetector } from './blazeface-detector';
import { faceRegion, type FaceClassifiers } from './face-classifiers';
import type { FaceMeshLandmarks } from './facemesh-landmarks';

/** Least detector probability for a candidate face. */
export const MIN_DETECTION_SCORE = 0.5;
/** Least FaceMesh face probability to confirm it (measured: faces ≥ 0.96, false detections ≤ 0.04). */
export const MIN_MESH_SCORE = 0.5;

export interface FaceModels {
  detector: BlazeFaceDetector;
  mesh: FaceMeshLandmarks;
  classifiers: FaceClassifiers;
}

export interface FrameFace {
  box: FaceBox;
  landmarks: Landmarks;
  meshScore: number;
  region: SquareRegion;
  emotions: Float32Array;
  descriptor: Float32Array;
}

interface Candidate {
  box: FaceBox;
  landmarks: Landmarks;
  meshScore: number;
}

/** The face stage's steps, reported as each ends (the pipeline benchmark times them). */
export type FaceStep = 'faceDetection' | 'faceMesh' | 'emotionFaceRes';

/** One entry per frame: the subject's face, or null where the frame has none. */
export async function analyseFaces(frames: readonly RgbImage[], models: FaceModels, onStep: (step: FaceStep) => void = () => undefined): Promise<(FrameFace | null)[]> {
  const candidates: Candidate[][] = [];
  for (const frame of frames) {
    const boxes = await models.detector.detect(frame, { minScore: MIN_DETECTION_SCORE });
    onStep('faceDetection');
    const meshes = await models.mesh.landmarks(boxes.map((box) => ({ frame, box })));
    candidates.push(boxes.flatMap((box, i) => (meshes[i] && meshes[i].faceScore >= MIN_MESH_SCORE ? [{ box, landmarks: meshes[i].landmarks, meshScore: meshes[i].faceScore }] : [])));
    onStep('faceMesh');
  }
  const first = frames[0];
  const track = trackSubject(
    candidates.map((c) => c.map((x) => x.box)),
    { frameWidth: first?.width ?? 1, frameHeight: first?.height ?? 1 },
  );
  const subjects = track.map((box, i) => (box ? (candidates[i]?.find((c) => c.box === box) ?? null) : null));
  const present = subjects.flatMap((s, i) => (s ? [{ frame: frames[i] as RgbImage, region: faceRegion(s.landmarks), index: i }] : []));
  const [emotions, descriptors] = [await models.classifiers.emotions(present), await models.classifiers.descriptors(present)];
  const result: (FrameFace | null)[] = frames.map(() => null);
  present.forEach((p, k) => {
    const subject = subjects[p.index] as Candidate;
    result[p.index] = { ...subject, region: p.region, emotions: emotions[k] as Float32Array, descriptor: descriptors[k] as Float32Array };
  });
  onStep('emotionFaceRes');
  return result;
}
