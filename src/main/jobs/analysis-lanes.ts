/**
 * Analysis lanes: clips analysed side by side, each lane a thread of its own (analysis-lane.ts) with its
 * share of the cores for ONNX Runtime. One clip at a time with every core on each model left cores idle
 * (ffmpeg's decode, the JavaScript steps and small batches do not spread over threads) and spent the rest
 * on ONNX Runtime's spinning threads; on the 2-core bench machine two lanes of one thread each analyse
 * the fixtures ~1.7× faster than one lane of two (npm run bench -- pipeline, "throughput").
 */
import { availableParallelism } from 'node:os';
import type { FrameSample } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import type { ClipAnalysis, ClipSource } from '../pipeline/analysis/analyse-clip';
import type { AnalysisLaneInit, AnalysisLaneReply, AnalysisLaneRequest, LaneModels, LaneSetup } from './analysis-lane';
import { startWorkerService, type WorkerService } from './worker-service';
import { workerModule } from './worker-modules';

export type { LaneModels, LaneSetup };

/** Most lanes chosen without asking: each holds its own sessions, and past this memory grows faster than speed. */
export const MAX_AUTO_LANES = 4;
/** Most lanes a user may ask for. */
export const MAX_LANES = 64;

export interface LanePlan {
  lanes: number;
  /** ONNX Runtime's intra-op threads per lane. */
  ortThreads: number;
}

/** The lanes for this machine: one per core up to MAX_AUTO_LANES, the cores shared among them; `requested` overrides the count. */
export function planLanes(requested: number | undefined, cores: number = availableParallelism()): LanePlan {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1 || requested > MAX_LANES)) {
    throw new ViperError('api/invalid-input', `--lanes ${requested}: give a whole number from 1 to ${MAX_LANES} (this machine has ${cores} cores; leave it out to use one lane per core, at most ${MAX_AUTO_LANES}).`, { subject: 'lanes' });
  }
  const lanes = requested ?? Math.max(1, Math.min(cores, MAX_AUTO_LANES));
  return { lanes, ortThreads: Math.max(1, Math.floor(cores / lanes)) };
}

export interface LaneClip {
  fileId: string;
  source: ClipSource;
  samples: FrameSample[];
  expectSignature: string;
}

export interface AnalysisLanes {
  readonly plan: LanePlan;
  /** Loads the models in every lane; answers what produced them (the same in each). */
  warm(setup: LaneSetup): Promise<LaneModels>;
  /** Analyses one clip in the least busy lane; refused (queue/pack-mismatch) unless the lane's models give `clip.expectSignature`. */
  analyse(clip: LaneClip, setup: LaneSetup, signal?: AbortSignal): Promise<{ models: LaneModels; analysis: ClipAnalysis }>;
  close(): Promise<void>;
}

export function openAnalysisLanes(options: { modelsDir: string; textCache: string | null; plan: LanePlan }): AnalysisLanes {
  const { plan } = options;
  // Started on first use: a re-run that finds every clip up to date starts no thread.
  let started: WorkerService<AnalysisLaneRequest, AnalysisLaneReply, never> | undefined;
  const service = (): WorkerService<AnalysisLaneRequest, AnalysisLaneReply, never> =>
    (started ??= startWorkerService<AnalysisLaneRequest, AnalysisLaneReply, never>(workerModule('analysis-lane'), {
      threads: plan.lanes,
      init: { modelsDir: options.modelsDir, textCache: options.textCache, ortThreads: plan.ortThreads } satisfies AnalysisLaneInit,
    }));
  return {
    plan,
    async warm(setup) {
      // The service sends each request to the least busy thread: as many at once as there are lanes reach every lane.
      const replies = await Promise.all(Array.from({ length: plan.lanes }, () => service().run({ kind: 'warm', ...setup })));
      const first = replies[0];
      if (first?.kind !== 'warm') throw new Error('an analysis lane answered a warm-up with a result');
      return first.models;
    },
    async analyse(clip, setup, signal) {
      const reply = await service().run({ kind: 'analyse', ...clip, ...setup }, signal ? { signal } : {});
      if (reply.kind !== 'analysed') throw new Error('an analysis lane answered a clip with a warm-up');
      return reply;
    },
    close: async () => {
      await started?.close();
    },
  };
}
