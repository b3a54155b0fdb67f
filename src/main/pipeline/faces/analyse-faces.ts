/**
 * The face stage of a clip. Faces are found as Human and MediaPipe find them in video: BlazeFace
 * detects, FaceMesh confirms (its face probability ≥ MIN_MESH_SCORE: the detector alone fires on text
 * and graphics), and one subject is followed (face-tracking.ts). Once the subject is found, the next
 * frame's FaceMesh crop comes from this frame's landmarks (subject-follow.ts) and the detector runs
 * again only when the mesh's face score drops or its box jumps. Then the subject's crops are read for
 * emotions and the descriptor in one batch each.
 */
import type { RgbImage, SquareRegion } from '../face-crop';
import { iou, SubjectTracker, type FaceBox } from '../face-tracking';
import type { Landmarks } from '../fau/face-frame';
import type { BlazeFaceDetector } from './blazeface-detector';
import { faceRegion, type FaceClassifiers } from './face-classifiers';
import type { FaceMeshLandmarks } from './facemesh-landmarks';
import { boxFromLandmarks, calibrateToLandmarks, resizeSinceCalibration, type BoxCalibration } from './subject-follow';

/** Least detector probability for a candidate face. */
export const MIN_DETECTION_SCORE = 0.5;
/** Least FaceMesh face probability to confirm it (measured: faces ≥ 0.96, false detections ≤ 0.04). */
export const MIN_MESH_SCORE = 0.5;
/** Least FaceMesh face probability to keep following without the detector. */
export const FOLLOW_MIN_MESH_SCORE = 0.9;
/** Most the face may grow or shrink (landmarks' size, either way) from its last detection while followed; the crop keeps the detected size. */
export const FOLLOW_MAX_RESIZE = 1.15;
/** Most frames in a row followed without the detector (~3 s at the paper's sampling): bounds how far following can drift from detecting. */
export const FOLLOW_MAX_FRAMES = 4;
/** Least IoU between the box the crop was made from and the box of the landmarks found in it: below, the face jumped. */
export const FOLLOW_MIN_IOU = 0.75;

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

export interface FaceStageOptions {
  /** Follow the subject with FaceMesh between detections (default true); false runs the detector on every frame. */
  follow?: boolean;
  /** Filled in as the stage runs: how often the detector ran and how many frames were followed without it. */
  counts?: FaceStageCounts;
}

export interface FaceStageCounts {
  detectorRuns: number;
  followedFrames: number;
}

interface Candidate {
  box: FaceBox;
  landmarks: Landmarks;
  meshScore: number;
}

/** The face stage's steps, reported as each ends (the pipeline benchmark times them). */
export type FaceStep = 'faceDetection' | 'faceMesh' | 'emotionFaceRes';

/** One entry per frame: the subject's face, or null where the frame has none. */
export async function analyseFaces(frames: readonly RgbImage[], models: FaceModels, onStep: (step: FaceStep) => void = () => undefined, options: FaceStageOptions = {}): Promise<(FrameFace | null)[]> {
  const subjects = await findSubject(frames, models, onStep, options);
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

/** The subject's face per frame: followed from the previous frame's landmarks while that holds, detected otherwise. */
async function findSubject(frames: readonly RgbImage[], models: FaceModels, onStep: (step: FaceStep) => void, options: FaceStageOptions): Promise<(Candidate | null)[]> {
  const follow = options.follow ?? true;
  const counts = options.counts ?? { detectorRuns: 0, followedFrames: 0 };
  const first = frames[0];
  const tracker = new SubjectTracker({ frameWidth: first?.width ?? 1, frameHeight: first?.height ?? 1 });
  const subjects: (Candidate | null)[] = [];
  // How the detector's box sits on the landmarks, from the subject's last detection.
  let calibration: BoxCalibration | null = null;
  let previous: Candidate | null = null;
  let followedInARow = 0;
  for (const frame of frames) {
    if (follow && previous && calibration && followedInARow < FOLLOW_MAX_FRAMES) {
      const followed = await followSubject(frame, previous, calibration, models.mesh);
      onStep('faceMesh');
      if (followed) {
        tracker.follow(followed.box);
        subjects.push(followed);
        previous = followed;
        counts.followedFrames += 1;
        followedInARow += 1;
        continue;
      }
    }
    const boxes = await models.detector.detect(frame, { minScore: MIN_DETECTION_SCORE });
    counts.detectorRuns += 1;
    onStep('faceDetection');
    const meshes = await models.mesh.landmarks(boxes.map((box) => ({ frame, box })));
    const candidates = boxes.flatMap((box, i) => (meshes[i] && meshes[i].faceScore >= MIN_MESH_SCORE ? [{ box, landmarks: meshes[i].landmarks, meshScore: meshes[i].faceScore }] : []));
    onStep('faceMesh');
    const chosen = tracker.choose(candidates.map((c) => c.box));
    const subject = chosen ? (candidates.find((c) => c.box === chosen) ?? null) : null;
    if (subject) calibration = calibrateToLandmarks(subject.box, subject.landmarks);
    subjects.push(subject);
    previous = subject;
    followedInARow = 0;
  }
  return subjects;
}

/** FaceMesh on the crop where the subject was; null when the mesh doubts the face or the face jumped within the crop. */
async function followSubject(frame: RgbImage, previous: Candidate, calibration: BoxCalibration, mesh: FaceMeshLandmarks): Promise<Candidate | null> {
  const cropBox = boxFromLandmarks(previous.landmarks, calibration, previous.meshScore);
  const [found] = await mesh.landmarks([{ frame, box: cropBox }]);
  if (!found || found.faceScore < FOLLOW_MIN_MESH_SCORE) return null;
  const box = boxFromLandmarks(found.landmarks, calibration, found.faceScore);
  if (iou(box, cropBox) < FOLLOW_MIN_IOU || resizeSinceCalibration(found.landmarks, calibration) > FOLLOW_MAX_RESIZE) return null;
  return { box, landmarks: found.landmarks, meshScore: found.faceScore };
}
