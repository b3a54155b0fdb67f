/**
 * Pipeline benchmark over the fixture videos: analyseClip's time per clip (clips per second, ms per
 * second of video), its stages timed through analyseClip's own step callback (a timed run must equal a plain one),
 * and beside them the limits measured in the same rounds — ffmpeg alone on the same commands and ONNX
 * Runtime alone on the same input tensors (pipeline-limits.ts) — then the same face analysis by
 * @vladmandic/human on TF.js wasm (human-route.ts). Each figure is the median of `repeats` rounds after
 * a warm-up pass; within a round every measurement of a clip runs back to back, so load from elsewhere
 * hits them alike.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MODALITIES, type FrameSample } from '../src/shared/api';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { decodeFramesToArray } from '../src/main/media/decode-frames';
import { findMediaTools, type MediaTools } from '../src/main/media/media-tools';
import { probeMedia } from '../src/main/media/probe';
import { resolveModelsDir } from '../src/main/models/pack/models-dir';
import { sessionFactory } from '../src/main/models/session';
import { analyseClip, DECODE_MAX_SIDE, type ClipAnalysis } from '../src/main/pipeline/analysis/analyse-clip';
import { loadAnalysisModels, type AnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import type { RgbImage } from '../src/main/pipeline/face-crop';
import { ClipsStore } from '../src/main/store/clips-store';
import type { Db } from '../src/main/store/database';
import { fixture, FIXTURES_DIR, makeTempDir } from '../src/main/test-support/fixtures';
import { HUMAN_ROUTES, openHuman, timeHumanRoute } from './human-route';
import { STAGES, stopwatch, zeroStages, type StageTimes } from './pipeline-flow';
import { storeBenchAnalysis } from './store-bench-analysis';
import { ffmpegCommands, recordingModels, replayInference, timeCommands, type FfmpegCommands } from './pipeline-limits';
import { openThroughputFlows, type ThroughputRow } from './pipeline-throughput';

/** Hume-Reaction, the size the projection is for: 25,067 clips of 11.6 s on average. */
export const HUME_REACTION = { clips: 25_067, clipS: 11.6 };

export interface PipelineClipRow {
  clip: string;
  durationS: number;
  frames: number;
  facesFound: number;
  /** Frames the detector ran on; the others were bridged between detections (faces/analyse-faces.ts). */
  detectorRuns: number;
  analyseClipMs: number;
  stagesMs: StageTimes;
  /** ONNX Runtime alone on the clip's recorded inputs, per model. */
  inferenceByModelMs: Record<string, number>;
  /** ffmpeg alone: ffprobe + the select pass with the audio (pipeline-limits.ts). */
  decodeAloneMs: number;
  inferenceAloneMs: number;
  /** analyseClipMs / (decodeAloneMs + inferenceAloneMs). */
  ratio: number;
}

export interface HumanRouteRow {
  name: string;
  referenceMsPerFrame: string | null;
  msPerFrame: number;
  framesWithFace: number;
}

export interface PipelineBenchReport {
  repeats: number;
  ortProvider: string;
  ortThreads: number;
  rows: PipelineClipRow[];
  /** Sums over the clips; clips per second and ms per second of video from analyseClip's time. */
  total: Omit<PipelineClipRow, 'clip'> & { clips: number; clipsPerSecond: number; msPerVideoSecond: number };
  /** The pipeline's face stages (detection, FaceMesh, emotion + FaceRes, pre-processing included) per frame. */
  faceMsPerFrame: number;
  analyseClipMsPerFrame: number;
  human: { routes: HumanRouteRow[] } | { error: string };
  humeReactionHours: number;
  /** The whole library's analysis (pipeline-throughput.ts): each flow's median ms over all clips, the job's speed-up over the flow before, and its projection. */
  throughput: { rows: ThroughputRow[]; speedup: number; humeReactionHours: number; durationS: number };
  /** process.resourceUsage().maxRSS: once the models are loaded, after the pipeline rounds, and at the end (Human's TF.js too). */
  rssAfterModelsMb: number;
  peakRssMb: number;
  peakRssWithHumanMb: number;
}

export interface PipelineBenchOptions {
  repeats?: number;
  /** Fixture files to run (default: every video in the fixtures folder). */
  clips?: readonly string[];
  /** Also time the Human route (default true). */
  human?: boolean;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Where the timed run and the plain run disagree, or null: timing must not change what is computed. */
function parityProblem(copy: ClipAnalysis, real: ClipAnalysis): string | null {
  const bytes = (a: Float32Array | undefined): string => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : '');
  for (const m of MODALITIES) if (bytes(copy.parts[m]) !== bytes(real.parts[m])) return `the ${m} part`;
  if (bytes(copy.presence) !== bytes(real.presence)) return 'presence';
  if (JSON.stringify(copy.frames) !== JSON.stringify(real.frames) || copy.facesFound !== real.facesFound) return 'the per-frame analysis';
  return null;
}

interface BenchClip {
  id: number;
  fileId: string;
  path: string;
  audioPath: string | null;
  durationS: number;
  samples: FrameSample[];
  commands: FfmpegCommands;
}

/** One round's measurements of a clip. */
interface ClipRound {
  analyseClipMs: number;
  facesFound: number;
  detectorRuns: number;
  stages: StageTimes;
  /** ffmpeg alone: ffprobe + the select pass with the audio. */
  decodeAloneMs: number;
  inferenceByModel: Record<string, number>;
}

interface BenchSetup {
  db: Db;
  tools: MediaTools;
  models: AnalysisModels;
  recording: Awaited<ReturnType<typeof recordingModels>>;
}

/** analyseClip, then analyseClip again with its steps timed (+ the store write), then both limits, for one clip. */
async function measureClip(setup: BenchSetup, clip: BenchClip): Promise<ClipRound> {
  const { db, tools, models, recording } = setup;
  let started = performance.now();
  const real = await analyseClip(tools, clip, clip.samples, models, MODALITIES);
  const analyseClipMs = performance.now() - started;

  const stages = zeroStages();
  const copy = await analyseClip(tools, clip, clip.samples, recording.models, MODALITIES, undefined, stopwatch(stages));
  const problem = parityProblem(copy, real);
  if (problem) throw new Error(`${clip.fileId}: the timed analyseClip differs from the plain one in ${problem}: the recording sessions or the step callback changed what is computed`);
  started = performance.now();
  storeBenchAnalysis(db, clip.id, models, copy);
  stages.storeWrite = performance.now() - started;

  const runs = recording.takeRuns();
  const inferenceByModel = await replayInference(runs);
  return { analyseClipMs, facesFound: real.facesFound, detectorRuns: runs.filter((r) => r.model === 'blazeface').length, stages, decodeAloneMs: timeCommands(clip.commands), inferenceByModel };
}

/** Medians over rounds, per figure. */
function summariseClip(clip: BenchClip, rounds: readonly ClipRound[]): PipelineClipRow {
  const of = (pick: (r: ClipRound) => number): number => median(rounds.map(pick));
  const modelNames = [...new Set(rounds.flatMap((r) => Object.keys(r.inferenceByModel)))];
  const inferenceByModelMs = Object.fromEntries(modelNames.map((name) => [name, of((r) => r.inferenceByModel[name] ?? 0)]));
  const row = {
    clip: clip.fileId,
    durationS: clip.durationS,
    frames: clip.samples.length,
    facesFound: rounds[0]?.facesFound ?? 0,
    detectorRuns: rounds[0]?.detectorRuns ?? 0,
    analyseClipMs: of((r) => r.analyseClipMs),
    stagesMs: Object.fromEntries(STAGES.map((s) => [s, of((r) => r.stages[s])])) as StageTimes,
    decodeAloneMs: of((r) => r.decodeAloneMs),
    inferenceByModelMs,
    inferenceAloneMs: of((r) => sum(Object.values(r.inferenceByModel))),
  };
  return { ...row, ratio: row.analyseClipMs / (row.decodeAloneMs + row.inferenceAloneMs) };
}

function totalOf(rows: readonly PipelineClipRow[]): PipelineBenchReport['total'] {
  const total = (pick: (r: PipelineClipRow) => number): number => sum(rows.map(pick));
  const modelNames = [...new Set(rows.flatMap((r) => Object.keys(r.inferenceByModelMs)))];
  const analyseClipMs = total((r) => r.analyseClipMs);
  const durationS = total((r) => r.durationS);
  const decodeAloneMs = total((r) => r.decodeAloneMs);
  const inferenceAloneMs = total((r) => r.inferenceAloneMs);
  return {
    clips: rows.length,
    durationS,
    frames: total((r) => r.frames),
    facesFound: total((r) => r.facesFound),
    detectorRuns: total((r) => r.detectorRuns),
    analyseClipMs,
    stagesMs: Object.fromEntries(STAGES.map((s) => [s, total((r) => r.stagesMs[s])])) as StageTimes,
    inferenceByModelMs: Object.fromEntries(modelNames.map((name) => [name, total((r) => r.inferenceByModelMs[name] ?? 0)])),
    decodeAloneMs,
    inferenceAloneMs,
    ratio: analyseClipMs / (decodeAloneMs + inferenceAloneMs),
    clipsPerSecond: rows.length / (analyseClipMs / 1000),
    msPerVideoSecond: analyseClipMs / durationS,
  };
}

export async function benchPipeline(options: PipelineBenchOptions = {}): Promise<PipelineBenchReport> {
  const repeats = options.repeats ?? 3;
  const temp = makeTempDir('viper-bench-pipeline-');
  const ctx = createApiContext(join(temp.dir, 'bench.db'));
  try {
    const imported = await callApi(ctx, 'clips.import', { paths: options.clips?.map(fixture) ?? [FIXTURES_DIR] });
    const modelsDir = resolveModelsDir();
    const models = await loadAnalysisModels(ctx.db, modelsDir, MODALITIES);
    if (Object.keys(models.user).length > 0) throw new Error(`the pipeline bench times the default pack, but user encoders are installed in ${modelsDir}: point VIPER_MODELS at a models folder without them`);
    const rssAfterModelsMb = maxRssMb();
    const setup: BenchSetup = { db: ctx.db, tools: await findMediaTools(), models, recording: await recordingModels(models, modelsDir, sessionFactory()) };
    const store = new ClipsStore(ctx.db);
    const clips: BenchClip[] = [];
    for (const { clipId } of imported.imported) {
      const clip = store.get(clipId);
      if (!clip) continue;
      const samples = store.samples(clipId);
      clips.push({ id: clip.id, fileId: clip.fileId, path: clip.path, audioPath: clip.audioPath, durationS: clip.durationS, samples, commands: ffmpegCommands(setup.tools, await probeMedia(setup.tools, clip.path), samples) });
    }

    // Warm-up: first runs allocate ORT's arenas and compile JS; the copy's parity is checked on every round.
    for (const clip of clips) await measureClip(setup, clip);
    const rounds = new Map<number, ClipRound[]>(clips.map((c) => [c.id, []]));
    for (let round = 0; round < repeats; round += 1) for (const clip of clips) rounds.get(clip.id)?.push(await measureClip(setup, clip));
    const throughput = await benchThroughput(setup, join(temp.dir, 'bench.db'), modelsDir, clips, repeats, join(temp.dir, 'models-before'));
    const peakRssMb = maxRssMb();

    const rows = clips.map((clip) => summariseClip(clip, rounds.get(clip.id) ?? []));
    const total = totalOf(rows);
    const faceMs = total.stagesMs.faceDetection + total.stagesMs.faceMesh + total.stagesMs.emotionFaceRes;
    return {
      repeats,
      ortProvider: models.providers.detector ?? 'cpu',
      ortThreads: availableParallelism(),
      rows,
      total,
      faceMsPerFrame: faceMs / total.frames,
      analyseClipMsPerFrame: total.analyseClipMs / total.frames,
      human: options.human === false ? { error: 'not run (human: false)' } : await benchHuman(clips, setup.tools),
      humeReactionHours: (total.msPerVideoSecond * HUME_REACTION.clipS * HUME_REACTION.clips) / 3_600_000,
      throughput,
      rssAfterModelsMb,
      peakRssMb,
      peakRssWithHumanMb: maxRssMb(),
    };
  } finally {
    ctx.close();
    temp.cleanup();
  }
}

/** Every flow of pipeline-throughput.ts over all clips: a warm-up round, then `repeats` rounds; medians per flow. */
async function benchThroughput(setup: BenchSetup, dbPath: string, modelsDir: string, clips: readonly BenchClip[], repeats: number, beforeDir: string): Promise<PipelineBenchReport['throughput']> {
  const flows = await openThroughputFlows({ db: setup.db, dbPath, modelsDir, clips }, beforeDir);
  try {
    await flows.time();
    const rounds: ThroughputRow[][] = [];
    for (let round = 0; round < repeats; round += 1) rounds.push(await flows.time());
    const rows = (rounds[0] ?? []).map((row, i) => ({ ...row, ms: median(rounds.map((r) => r[i]?.ms ?? NaN)) }));
    const before = rows.find((r) => r.kind === 'before')?.ms ?? NaN;
    const job = rows.find((r) => r.kind === 'job')?.ms ?? NaN;
    const durationS = sum(clips.map((c) => c.durationS));
    return { rows, speedup: before / job, humeReactionHours: ((job / durationS) * HUME_REACTION.clipS * HUME_REACTION.clips) / 3_600_000, durationS };
  } finally {
    await flows.close();
  }
}

/** Every Human route over the same sampled frames as the pipeline (decoded again, outside the clock). */
async function benchHuman(clips: readonly BenchClip[], tools: MediaTools): Promise<PipelineBenchReport['human']> {
  let human;
  try {
    human = await openHuman();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const frames: RgbImage[][] = [];
  for (const clip of clips) {
    const media = await probeMedia(tools, clip.path);
    const wanted = [...new Map(clip.samples.map((s) => [s.frameIndex, { frameIndex: s.frameIndex, frameTimeS: s.frameTimeS }])).values()].sort((a, b) => a.frameIndex - b.frameIndex);
    const decoded = new Map((await decodeFramesToArray(tools, media, wanted, { maxSide: DECODE_MAX_SIDE })).map((f) => [f.frameIndex, f]));
    frames.push(clip.samples.map((s) => decoded.get(s.frameIndex) as RgbImage));
  }
  const all = frames.flat();
  const routes: HumanRouteRow[] = [];
  for (const route of HUMAN_ROUTES) {
    // TF.js compiles and allocates on first use of each model and input size: a few frames of warm-up.
    for (const clipFrames of frames) await timeHumanRoute(human, route, clipFrames.slice(0, 2));
    const { ms, framesWithFace } = await timeHumanRoute(human, route, all);
    routes.push({ name: route.name, referenceMsPerFrame: route.referenceMsPerFrame, msPerFrame: ms / all.length, framesWithFace });
  }
  return { routes };
}
