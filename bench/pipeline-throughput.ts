/**
 * Throughput of the analysis over all the bench's clips, the way a library is analysed: the analysis
 * job itself (runAnalysisJob: the subject followed between detections, the next clip decoding while
 * this one is in the models, every clip stored), at ONNX Runtime's default thread count and at 1
 * thread; and beside it, in the same round, the flow as it was before — one clip after another,
 * decoded then analysed, the detector on every frame. Same clips, same sessions, same store.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MODALITIES, type FrameSample } from '../src/shared/api';
import type { MediaTools } from '../src/main/media/media-tools';
import { THREADS_ENV } from '../src/main/models/session';
import { analyseDecodedClip, decodeClip } from '../src/main/pipeline/analysis/analyse-clip';
import { runAnalysisJob } from '../src/main/pipeline/analysis/analysis-job';
import type { AnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import { writeClipAnalysis } from '../src/main/store/analysis-store';
import type { Db } from '../src/main/store/database';

export interface ThroughputClip {
  id: number;
  path: string;
  audioPath: string | null;
  samples: FrameSample[];
}

export interface ThroughputFlow {
  name: string;
  /** Which flow this is, for the ratios. */
  kind: 'before' | 'job';
  threads: number;
}

/** The flows timed in every round, the flow before first. */
export function throughputFlows(): ThroughputFlow[] {
  const cores = availableParallelism();
  const flows: ThroughputFlow[] = [
    { name: `before: one clip at a time, detector on every frame (${cores} threads)`, kind: 'before', threads: cores },
    { name: `analysis job: subject followed, next clip decoding ahead (${cores} threads, the default)`, kind: 'job', threads: cores },
  ];
  if (cores > 1) flows.push({ name: 'analysis job, ONNX Runtime at 1 thread', kind: 'job', threads: 1 });
  return flows;
}

/** Runs `run` with VIPER_ORT_THREADS set (sessions are cached per thread count, so each count has its own). */
async function withThreads<T>(threads: number, run: () => Promise<T>): Promise<T> {
  const saved = process.env[THREADS_ENV];
  process.env[THREADS_ENV] = String(threads);
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env[THREADS_ENV];
    else process.env[THREADS_ENV] = saved;
  }
}

/** Milliseconds for all clips through one flow. */
export async function timeFlow(flow: ThroughputFlow, setup: { db: Db; dbPath: string; modelsDir: string; tools: MediaTools; models: AnalysisModels }, clips: readonly ThroughputClip[]): Promise<number> {
  const started = performance.now();
  if (flow.kind === 'job') {
    const report = await withThreads(flow.threads, () =>
      runAnalysisJob({ dbPath: setup.dbPath, modelsDir: setup.modelsDir, clipIds: clips.map((c) => c.id), modalities: [...MODALITIES], auReference: 'population', force: true, protocol: 'default' }, { signal: new AbortController().signal, progress: () => undefined }),
    );
    if (report.analysed.length !== clips.length) throw new Error(`the analysis job analysed ${report.analysed.length} of ${clips.length} clips: ${JSON.stringify(report.failed)}`);
    return performance.now() - started;
  }
  const { models } = setup;
  for (const clip of clips) {
    const result = await analyseDecodedClip(await decodeClip(setup.tools, clip, clip.samples), clip.samples, models, MODALITIES, undefined, { follow: false });
    writeClipAnalysis(setup.db, {
      clipId: clip.id,
      signature: models.signature,
      modalities: MODALITIES,
      models: models.modelIds,
      providers: models.providers,
      facesFound: result.facesFound,
      frames: result.frames,
      parts: MODALITIES.map((m) => ({ modality: m, modelId: models.modelIds[m], dims: models.dims[m], data: result.parts[m] as Float32Array })),
      presence: result.presence,
      protocol: 'default',
      analysedAt: new Date().toISOString(),
    });
  }
  return performance.now() - started;
}
