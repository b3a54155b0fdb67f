/**
 * FAU stage benchmark: milliseconds per frame of clipFau — the AU intensities and tokens from one clip's
 * landmarks and emotion scores — with the population reference (the default) and with the clip's own
 * baseline, beside the stage as it stood before absolute intensities (fau-stage-before.ts) in the same run.
 * The landmarks are the real ones: the fixture videos through the face stage once, up front. Each round
 * times the three back to back in rotating order (load from elsewhere hits them alike), each over
 * `loops` passes of every clip; the figure is the median of `rounds` rounds after a warm-up round.
 */
import { performance } from 'node:perf_hooks';
import { decodeFramesToArray } from '../src/main/media/decode-frames';
import { readFrameTimes } from '../src/main/media/frame-times';
import { findMediaTools } from '../src/main/media/media-tools';
import { probeMedia } from '../src/main/media/probe';
import { distinctFrames, planSamples } from '../src/main/media/sampling';
import { resolveModelsDir } from '../src/main/models/pack/models-dir';
import type { RgbImage } from '../src/main/pipeline/face-crop';
import { analyseFaces } from '../src/main/pipeline/faces/analyse-faces';
import { BlazeFaceDetector } from '../src/main/pipeline/faces/blazeface-detector';
import { FaceClassifiers } from '../src/main/pipeline/faces/face-classifiers';
import { FaceMeshLandmarks } from '../src/main/pipeline/faces/facemesh-landmarks';
import { clipFau, type FrameFaceInput } from '../src/main/pipeline/fau/clip-fau';
import { fixture } from '../src/main/test-support/fixtures';
import { clipFauBefore } from './fau-stage-before';

const CLIPS = ['single_face.mp4', 'WolfgangLanger_Pexels.mp4', 'face_noface.mov'];

export interface FauBenchOptions {
  clips?: string[];
  rounds?: number;
  loops?: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export interface FauBenchReport {
  clips: number;
  frames: number;
  framesWithFace: number;
  rounds: number;
  /** Milliseconds per sampled frame, median of the rounds. */
  beforeMsPerFrame: number;
  populationMsPerFrame: number;
  clipMsPerFrame: number;
  /** populationMsPerFrame / beforeMsPerFrame: the issue asks for ≤ 1.10. */
  ratio: number;
}

async function clipInputs(names: readonly string[]): Promise<FrameFaceInput[][]> {
  const tools = await findMediaTools();
  const modelsDir = resolveModelsDir();
  const models = { detector: await BlazeFaceDetector.open(modelsDir), mesh: await FaceMeshLandmarks.open(modelsDir), classifiers: await FaceClassifiers.open(modelsDir) };
  const clips: FrameFaceInput[][] = [];
  for (const name of names) {
    const media = await probeMedia(tools, fixture(name));
    const plan = planSamples(await readFrameTimes(tools, media), media.durationS, { frameCount: 32, method: 'paper' });
    const decoded = await decodeFramesToArray(tools, media, distinctFrames(plan));
    const byIndex = new Map(decoded.map((f) => [f.frameIndex, f]));
    const frames = plan.map((s) => byIndex.get(s.frameIndex) as RgbImage);
    const faces = await analyseFaces(frames, models);
    clips.push(faces.map((f, i) => ({ landmarks: f?.landmarks ?? null, emotions: f ? [...f.emotions] : null, frameSize: frames[i] })));
  }
  return clips;
}

export async function benchFau({ clips: names = CLIPS, rounds = 15, loops = 40 }: FauBenchOptions = {}): Promise<FauBenchReport> {
  const clips = await clipInputs(names);
  const frames = clips.reduce((n, c) => n + c.length, 0);
  const variants = {
    before: (c: FrameFaceInput[]) => clipFauBefore(c),
    population: (c: FrameFaceInput[]) => clipFau(c, { reference: 'population' }),
    clip: (c: FrameFaceInput[]) => clipFau(c, { reference: 'clip' }),
  };
  const order = Object.keys(variants) as (keyof typeof variants)[];
  const times: Record<keyof typeof variants, number[]> = { before: [], population: [], clip: [] };
  let sink = 0;
  for (let round = 0; round <= rounds; round++) {
    for (let k = 0; k < order.length; k++) {
      const name = order[(round + k) % order.length] as keyof typeof variants;
      const started = performance.now();
      for (let loop = 0; loop < loops; loop++) for (const c of clips) sink += variants[name](c).length;
      // Round 0 warms the JIT up and is not counted.
      if (round > 0) times[name].push((performance.now() - started) / (loops * frames));
    }
  }
  if (sink === 0) throw new Error('no frames timed');
  const report = {
    frames,
    framesWithFace: clips.reduce((n, c) => n + c.filter((f) => f.landmarks).length, 0),
    clips: names.length,
    rounds,
    beforeMsPerFrame: median(times.before),
    populationMsPerFrame: median(times.population),
    clipMsPerFrame: median(times.clip),
    ratio: 0,
  };
  report.ratio = report.populationMsPerFrame / report.beforeMsPerFrame;
  return report;
}

export function printFauBench(r: FauBenchReport): void {
  console.log(`FAU stage (clipFau), ms per sampled frame — ${r.frames} frames of ${r.clips} fixture videos, ${r.framesWithFace} with a face; median of ${r.rounds} rounds, rotating order:`);
  console.log(['stage', 'ms / frame', 'vs before'].join(' | '));
  console.log(['before (clip baseline, no masking; 553458e)', r.beforeMsPerFrame.toFixed(4), '1.00'].join(' | '));
  console.log(['population reference (default)', r.populationMsPerFrame.toFixed(4), r.ratio.toFixed(2)].join(' | '));
  console.log(['clip reference', r.clipMsPerFrame.toFixed(4), (r.clipMsPerFrame / r.beforeMsPerFrame).toFixed(2)].join(' | '));
}
