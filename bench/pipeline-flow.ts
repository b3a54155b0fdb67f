/**
 * The stages the pipeline benchmark reports: the steps analyseClip itself reports through its onStep
 * callback (so the real flow is what is timed), plus the store write the bench times around it.
 */
import { performance } from 'node:perf_hooks';
import type { AnalysisStep } from '../src/main/pipeline/analysis/analyse-clip';

export const STAGES = ['decodeFrames', 'decodeAudio', 'faceDetection', 'faceMesh', 'emotionFaceRes', 'fauCaptions', 'audioDescriptorVad', 'storeWrite'] as const satisfies readonly (AnalysisStep | 'storeWrite')[];
export type Stage = (typeof STAGES)[number];
export type StageTimes = Record<Stage, number>;

export const STAGE_LABELS: Record<Stage, string> = {
  decodeFrames: 'decode frames (probe + select pass)',
  decodeAudio: "decode audio (the wait left: the frames' pass decodes it too)",
  faceDetection: 'face detection (BlazeFace)',
  faceMesh: 'FaceMesh',
  emotionFaceRes: 'track + emotion + FaceRes',
  fauCaptions: 'FAU + captions',
  audioDescriptorVad: 'audio descriptor + VAD',
  storeWrite: 'store write (SQLite)',
};

/** Milliseconds since the last lap, added to a stage. */
export function stopwatch(times: StageTimes): (stage: Stage) => void {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    times[stage] += now - last;
    last = now;
  };
}

export const zeroStages = (): StageTimes => Object.fromEntries(STAGES.map((s) => [s, 0])) as StageTimes;

