/**
 * The two limits the pipeline is measured against, on the same inputs in the same run:
 *   - ffmpeg alone: the probe and the frame-and-audio pass the pipeline runs for a clip, spawned directly
 *     (the arguments of media/probe.ts, decode-frames.ts and decode-audio.ts), output discarded;
 *   - ONNX Runtime alone: every session.run the pipeline made for a clip, recorded with its input
 *     tensors as built, and replayed on the same sessions with no pre- or post-processing around it.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as ort from 'onnxruntime-node';
import type { FrameSample } from '../src/shared/api';
import { audioOutputArgs } from '../src/main/media/decode-audio';
import { outputSize } from '../src/main/media/decode-frames';
import type { MediaTools } from '../src/main/media/media-tools';
import type { MediaInfo } from '../src/main/media/probe';
import type { ProviderChoice } from '../src/main/models/execution-providers';
import { onnxPath } from '../src/main/models/pack/manifest-io';
import { SessionFactory, type ModelSession, type RunResult, type ValueMetadata } from '../src/main/models/session';
import type { AnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import { BlazeFaceDetector } from '../src/main/pipeline/faces/blazeface-detector';
import { FaceClassifiers } from '../src/main/pipeline/faces/face-classifiers';
import { FaceMeshLandmarks } from '../src/main/pipeline/faces/facemesh-landmarks';
import { DECODE_MAX_SIDE } from '../src/main/pipeline/analysis/analyse-clip';

/** decode-frames.ts's TIME_MATCH_S (module-private there). */
const TIME_MATCH_S = 0.0005;

/** The ffprobe and ffmpeg invocations analyseClip makes for one clip: the probe, then the one select pass, which also decodes the video's own audio track (media/decode-clip.ts). */
export type FfmpegCommands = [string, string[]][];

export function ffmpegCommands(tools: MediaTools, media: MediaInfo, samples: readonly FrameSample[]): FfmpegCommands {
  const wanted = [...new Map(samples.map((s) => [s.frameIndex, s.frameTimeS])).entries()].sort((a, b) => a[0] - b[0]);
  const { width, height } = outputSize(media, DECODE_MAX_SIDE);
  const filters = [`select='${wanted.map(([, t]) => `lt(abs(t-${t.toFixed(6)}),${TIME_MATCH_S})`).join('+')}'`];
  if (width !== media.video.width || height !== media.video.height) filters.push(`scale=${width}:${height}:flags=area`);
  return [
    [tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', media.path]],
    [
      tools.ffmpeg,
      [
        ...['-v', 'error', '-nostdin', '-i', media.path, '-map', `0:${media.video.index}`, '-an', '-sn', '-dn', '-vf', filters.join(','), '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
        ...(media.audio ? [...audioOutputArgs(media.audio.index), '-y', '/dev/null'] : []),
      ],
    ],
  ];
}

/** Runs the commands one after another; milliseconds in all. */
export function timeCommands(commands: readonly [string, string[]][]): number {
  const started = performance.now();
  for (const [bin, args] of commands) {
    const result = spawnSync(bin, args, { maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  }
  return performance.now() - started;
}

export interface RecordedRun {
  model: string;
  session: ModelSession;
  feeds: Readonly<Record<string, ort.Tensor>>;
  outputNames: readonly string[] | undefined;
}

/** Passes runs through to the real session, keeping each call's feeds for replay. */
class RecordingSession implements ModelSession {
  readonly modelPath: string;
  readonly provider: ModelSession['provider'];
  readonly inputs: readonly ValueMetadata[];
  readonly outputs: readonly ValueMetadata[];

  constructor(
    private readonly inner: ModelSession,
    private readonly runs: RecordedRun[],
  ) {
    ({ modelPath: this.modelPath, provider: this.provider, inputs: this.inputs, outputs: this.outputs } = inner);
  }

  run<K extends string = string>(feeds: Readonly<Record<string, ort.Tensor>>, outputNames?: readonly K[]): Promise<RunResult<K>> {
    this.runs.push({ model: basename(this.modelPath, '.onnx'), session: this.inner, feeds, outputNames });
    return this.inner.run(feeds, outputNames);
  }
}

/** Opens sessions through another factory (so they are the very sessions the pipeline uses) and records their runs. */
class RecordingFactory extends SessionFactory {
  readonly runs: RecordedRun[] = [];

  constructor(private readonly inner: SessionFactory) {
    super();
  }

  override async open(modelPath: string, options: { provider?: ProviderChoice } = {}): Promise<ModelSession> {
    return new RecordingSession(await this.inner.open(modelPath, options), this.runs);
  }
}

/** `models` with its face models and VAD opened through a recorder; `takeRuns` hands over (and forgets) what was recorded. */
export async function recordingModels(models: AnalysisModels, modelsDir: string, inner: SessionFactory): Promise<{ models: AnalysisModels; takeRuns: () => RecordedRun[] }> {
  const recorder = new RecordingFactory(inner);
  const faces = {
    detector: await BlazeFaceDetector.open(modelsDir, recorder),
    mesh: await FaceMeshLandmarks.open(modelsDir, recorder),
    classifiers: await FaceClassifiers.open(modelsDir, recorder),
  };
  const vad = await recorder.open(onnxPath(modelsDir, 'silero-vad'));
  return { models: { ...models, faces, vad }, takeRuns: () => recorder.runs.splice(0) };
}

/** Replays recorded runs on their sessions: inference alone, milliseconds per model. */
export async function replayInference(runs: readonly RecordedRun[]): Promise<Record<string, number>> {
  const byModel: Record<string, number> = {};
  for (const run of runs) {
    const started = performance.now();
    await run.session.run(run.feeds, run.outputNames);
    byModel[run.model] = (byModel[run.model] ?? 0) + performance.now() - started;
  }
  return byModel;
}
