/**
 * The face stage of a clip: detect faces in the sampled frames, keep those FaceMesh confirms (its face
 * probability ≥ MIN_MESH_SCORE: the detector alone fires on text and graphics), follow one subject
 * (face-tracking.ts), then read the subject's crops for emotions and the descriptor in one batch each.
 *
 * The detector (BlazeFace: ~8 ms a frame on one thread, the costliest model per frame after FaceRes) runs
 * on every DETECT_EVERY-th frame and on the last. A frame between two such frames whose faces pair up one
 * to one (each overlapping its partner by IoU ≥ BRIDGE_MIN_IOU) is bridged: each face's box is interpolated
 * between the two detections and FaceMesh reads the crop. Where the faces do not pair, where a neighbour has none, or where FaceMesh is
 * not sure of a bridged face (< BRIDGE_MIN_MESH_SCORE), the detector runs on the frame as before. The crop
 * is made as a detection's is (a box, enlarged), never from the last frame's landmarks, so a face keeps the
 * crop geometry its AU reference was measured with.
 *
 * FaceMesh reads the crops of many frames per run (MESH_BATCH): the detector first runs on all the frames
 * of a round, then FaceMesh on every box found.
 *
 * The tolerance against detecting in every frame is stated and tested in analyse-faces.int.test.ts.
 */
import { chunkRanges } from '../../models/batch';
import type { RgbImage, SquareRegion } from '../face-crop';
import { iou, trackSubject, type FaceBox } from '../face-tracking';
import type { Landmarks } from '../fau/face-frame';
import type { BlazeFaceDetector } from './blazeface-detector';
import { faceRegion, type FaceClassifiers } from './face-classifiers';
import type { FaceMesh, FaceMeshLandmarks } from './facemesh-landmarks';

/** Least detector probability for a candidate face. */
export const MIN_DETECTION_SCORE = 0.5;
/** Least FaceMesh face probability to confirm it (measured: faces ≥ 0.96, false detections ≤ 0.04). */
export const MIN_MESH_SCORE = 0.5;
/** The detector runs on every this-many-th sampled frame (and the last); the frames between are bridged where they can be. */
export const DETECT_EVERY = 2;
/** Least IoU between a face's boxes in the two detections around a bridged frame: below, it moved too much to interpolate. */
export const BRIDGE_MIN_IOU = 0.5;
/** Least FaceMesh face probability on a bridged crop; below, the frame is detected instead (faces read ≥ 0.96 when the crop holds them). */
export const BRIDGE_MIN_MESH_SCORE = 0.9;
/** Crops per FaceMesh run: bounds the batch's memory (~440 KB a crop). */
const MESH_BATCH = 16;

export interface FaceModels {
  detector: BlazeFaceDetector;
  mesh: FaceMeshLandmarks;
  classifiers: FaceClassifiers;
  /** How often the detector runs (default DETECT_EVERY; 1: every frame, as before bridging). */
  detectEvery?: number;
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

/** Faces of the two detections around a gap, paired one to one by overlap; null when they do not all pair. */
function pairFaces(before: readonly Candidate[], after: readonly Candidate[]): [FaceBox, FaceBox][] | null {
  if (before.length === 0 || before.length !== after.length) return null;
  const pairs: [FaceBox, FaceBox][] = [];
  const taken = new Set<Candidate>();
  for (const face of before) {
    let partner: Candidate | null = null;
    let best = BRIDGE_MIN_IOU;
    for (const other of after) {
      const overlap = iou(face.box, other.box);
      if (!taken.has(other) && overlap >= best) {
        best = overlap;
        partner = other;
      }
    }
    if (!partner) return null;
    taken.add(partner);
    pairs.push([face.box, partner.box]);
  }
  return pairs;
}

/** The box `t` of the way from `a` to `b` (score: the lower of the two). */
function interpolateBox(a: FaceBox, b: FaceBox, t: number): FaceBox {
  const at = (p: number, q: number): number => p + (q - p) * t;
  return { x: at(a.x, b.x), y: at(a.y, b.y), width: at(a.width, b.width), height: at(a.height, b.height), score: Math.min(a.score, b.score) };
}

/** One entry per frame: the subject's face, or null where the frame has none. */
export async function analyseFaces(
  frames: readonly RgbImage[],
  models: FaceModels,
  onStep: (step: FaceStep) => void = () => undefined,
): Promise<(FrameFace | null)[]> {
  const every = Math.max(1, Math.floor(models.detectEvery ?? DETECT_EVERY));
  const candidates: Candidate[][] = frames.map(() => []);
  /** FaceMesh on (frame, box) pairs, MESH_BATCH at a time: per crop, a batch runs ~2× faster on one thread than crops one by one. */
  const meshAll = async (items: readonly { index: number; box: FaceBox }[]): Promise<FaceMesh[]> => {
    const meshes: FaceMesh[] = [];
    for (const [start, end] of chunkRanges(items.length, MESH_BATCH)) meshes.push(...(await models.mesh.landmarks(items.slice(start, end).map(({ index, box }) => ({ frame: frames[index] as RgbImage, box })))));
    if (items.length > 0) onStep('faceMesh');
    return meshes;
  };
  /** The detector on each of `indices`, then FaceMesh on every box it found, confirming those it is sure of. */
  const detect = async (indices: readonly number[]): Promise<void> => {
    const found: { index: number; box: FaceBox }[] = [];
    for (const index of indices) {
      for (const box of await models.detector.detect(frames[index] as RgbImage, { minScore: MIN_DETECTION_SCORE })) found.push({ index, box });
      onStep('faceDetection');
    }
    const meshes = await meshAll(found);
    found.forEach(({ index, box }, k) => {
      const mesh = meshes[k] as FaceMesh;
      if (mesh.faceScore >= MIN_MESH_SCORE) candidates[index]?.push({ box, landmarks: mesh.landmarks, meshScore: mesh.faceScore });
    });
  };

  const keys = frames.flatMap((_, i) => (i % every === 0 || i === frames.length - 1 ? [i] : []));
  await detect(keys);
  const bridges: { index: number; box: FaceBox }[] = [];
  const undetected: number[] = [];
  keys.forEach((a, k) => {
    const b = keys[k + 1];
    if (b === undefined) return;
    const pairs = pairFaces(candidates[a] ?? [], candidates[b] ?? []);
    for (let i = a + 1; i < b; i += 1) {
      if (!pairs) undetected.push(i);
      else for (const [from, to] of pairs) bridges.push({ index: i, box: interpolateBox(from, to, (i - a) / (b - a)) });
    }
  });
  const meshes = await meshAll(bridges);
  const unsure = new Set(bridges.flatMap((bridge, k) => ((meshes[k]?.faceScore ?? 0) < BRIDGE_MIN_MESH_SCORE ? [bridge.index] : [])));
  bridges.forEach(({ index, box }, k) => {
    const mesh = meshes[k] as FaceMesh;
    if (!unsure.has(index)) candidates[index]?.push({ box, landmarks: mesh.landmarks, meshScore: mesh.faceScore });
  });
  await detect([...undetected, ...unsure].sort((p, q) => p - q));

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
