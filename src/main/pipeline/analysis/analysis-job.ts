/**
 * The analysis job, run inside a worker thread: every requested clip whose stored analysis was made
 * by another pipeline signature (or none) goes through analyseClip in one of the analysis lanes handed
 * in (several clips at once, each in its own thread: jobs/analysis-lanes.ts), and is stored here, by
 * this thread alone, in one transaction as it arrives. A failing clip is recorded with its reason and
 * the job goes on; cancelling stops the clips in flight (they are dropped), and re-running resumes,
 * since finished clips are skipped.
 */
import { MODALITIES, type AnalysisReport, type Modality, type ProgressEvent } from '../../../shared/api';
import type { Protocol } from '../../../shared/common-schemas';
import { isViperError, ViperError } from '../../../shared/errors';
import { mediaTools } from '../../media/media-tools';
import { analysisSignature, writeClipAnalysis } from '../../store/analysis-store';
import { ClipFilesStore } from '../../store/clip-files-store';
import { ClipsStore } from '../../store/clips-store';
import { openStore } from '../../store/database';
import { RunningJob } from '../../store/running-job';
import { storeErrorOf } from '../../store/store-errors';
import type { FrameSample } from '../../../shared/api';
import type { ClipAnalysis, ClipSource } from './analyse-clip';
import type { AuReference } from '../fau/neutral-reference';
import { loadAnalysisModels } from './analysis-models';

export interface AnalysisJobParams {
  dbPath: string;
  modelsDir: string;
  /** Clip ids to analyse; all stored clips when empty. */
  clipIds: number[];
  modalities: Modality[];
  auReference: AuReference;
  force: boolean;
  protocol: Protocol;
  /** Clips analysed at once; default one per core, at most 4 (jobs/analysis-lanes.ts planLanes). */
  lanes?: number;
}

/** Where the clips are analysed: the analysis lanes (jobs/analysis-lanes.ts), opened by the job's thread. */
export interface ClipAnalyser {
  readonly plan: { lanes: number };
  analyse(
    clip: { fileId: string; source: ClipSource; samples: FrameSample[]; expectSignature: string },
    setup: { modalities: Modality[]; protocol: Protocol; auReference: AuReference },
    signal?: AbortSignal,
  ): Promise<{ analysis: ClipAnalysis }>;
}

/**
 * The authors-code profile is one whole: its analysis reads clips sampled by their code's arithmetic
 * (local and queued analyses alike).
 */
export function requireProtocolSampling(clip: { fileId: string; path: string; samplingMethod: string }, protocol: Protocol): void {
  if (protocol !== 'authors-code' || clip.samplingMethod === 'authors-code') return;
  throw new ViperError(
    'features/sampling-mismatch',
    `${clip.path} (${clip.fileId}): sampled "${clip.samplingMethod}", but --protocol authors-code analyses clips sampled as the authors' code samples them. Re-sample it with "npx viper import ${clip.path} --protocol authors-code" (labels are kept), or analyse it without --protocol.`,
    { subject: clip.path },
  );
}

export type { AnalysisReport };

/** The end of an analysis job, local or queued: cancelled or done, the time per analysed clip, the job's state recorded. */
export function finishAnalysis(report: AnalysisReport, job: RunningJob, signal: AbortSignal, startedMs: number): AnalysisReport {
  report.cancelled = signal.aborted;
  report.msPerClip = report.analysed.length > 0 ? (Date.now() - startedMs) / report.analysed.length : null;
  job.finish(report.cancelled ? 'cancelled' : 'done');
  return report;
}

type JobControls = { signal: AbortSignal; progress(event: ProgressEvent): void };

/** A database that cannot be written or a full disk crosses back from the worker as the store's ViperError, not a bug. */
export async function runAnalysisJob(params: AnalysisJobParams, controls: JobControls, analyser: ClipAnalyser): Promise<AnalysisReport> {
  try {
    return await analyseClips(params, controls, analyser);
  } catch (error) {
    throw storeErrorOf(error, params.dbPath) ?? error;
  }
}

async function analyseClips(params: AnalysisJobParams, controls: JobControls, analyser: ClipAnalyser): Promise<AnalysisReport> {
  const db = openStore(params.dbPath);
  try {
    const now = (): string => new Date().toISOString();
    const clips = new ClipsStore(db);
    const files = new ClipFilesStore(db);
    const ids = params.clipIds.length > 0 ? params.clipIds : clips.list({ limit: 1_000_000, offset: 0 }).clips.map((c) => c.id);
    const modalities = MODALITIES.filter((m) => params.modalities.includes(m));
    const job = RunningJob.start(db, 'analyze', { clipIds: params.clipIds, modalities, auReference: params.auReference, force: params.force, protocol: params.protocol }, ids.length, now);
    const jobId = job.id;
    // Ctrl-C, a closed page, or a cancel asked for from elsewhere (the Jobs screen); a bug in one lane stops the others.
    const stop = new AbortController();
    const signal = AbortSignal.any([job.signal(controls.signal), stop.signal]);
    const report: AnalysisReport = { jobId, analysed: [], skipped: 0, failed: [], cancelled: false, providers: {}, msPerClip: null, protocol: params.protocol };
    let done = 0;
    const finishedOne = (): void => {
      done += 1;
      job.progress(done, ids.length);
    };
    try {
      // Here for the signature, and to fill the text-embedding cache the lanes read.
      const models = await loadAnalysisModels(db, params.modelsDir, modalities, params.protocol, params.auReference);
      report.providers = models.providers;
      // A machine without ffmpeg fails the job here, once, rather than every clip in a lane.
      await mediaTools();
      const setup = { modalities, protocol: params.protocol, auReference: params.auReference };
      const started = Date.now();
      let fatal: unknown = null;
      const analyseOne = async (clip: NonNullable<ReturnType<ClipsStore['get']>>): Promise<void> => {
        try {
          requireProtocolSampling(clip, params.protocol);
          const samples = clips.samples(clip.id);
          const { analysis } = await analyser.analyse({ fileId: clip.fileId, source: { path: clip.path, audioPath: clip.audioPath, probe: files.importProbe(clip.id) }, samples, expectSignature: models.signature }, setup, signal);
          if (signal.aborted) return;
          writeClipAnalysis(db, {
            clipId: clip.id,
            signature: models.signature,
            modalities,
            models: models.modelIds,
            providers: models.providers,
            facesFound: analysis.facesFound,
            frames: analysis.frames,
            parts: modalities.map((m) => ({ modality: m, modelId: models.modelIds[m], dims: models.dims[m], data: analysis.parts[m] as Float32Array })),
            presence: analysis.presence,
            protocol: params.protocol,
            analysedAt: now(),
          });
          report.analysed.push({ clipId: clip.id, fileId: clip.fileId, facesFound: analysis.facesFound, frames: samples.length });
        } catch (error) {
          if (signal.aborted) return;
          // A bug (in this thread or a lane's) fails the job, as it always has; a clip's own problem is recorded.
          if (!isViperError(error) || error.code === 'internal') {
            fatal ??= error;
            stop.abort();
            return;
          }
          const info = { ...error.toInfo(), subject: error.subject ?? clip.path };
          report.failed.push(info);
          job.recordError(info);
        }
        finishedOne();
      };
      const inFlight = new Set<Promise<void>>();
      for (const clipId of ids) {
        while (inFlight.size >= analyser.plan.lanes) await Promise.race(inFlight);
        if (signal.aborted) break;
        const clip = clips.get(clipId);
        controls.progress({ call: 'clips.analyze', jobId, done, total: ids.length, current: clip?.fileId ?? String(clipId) });
        if (!clip) {
          finishedOne();
          continue;
        }
        if (!params.force && analysisSignature(db, clipId) === models.signature) {
          report.skipped += 1;
          finishedOne();
          continue;
        }
        const task: Promise<void> = analyseOne(clip).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      await Promise.all(inFlight);
      if (fatal !== null) throw fatal;
      controls.progress({ call: 'clips.analyze', jobId, done: ids.length, total: ids.length });
      return finishAnalysis(report, job, signal, started);
    } catch (error) {
      job.finish('failed');
      throw error;
    }
  } finally {
    db.close();
  }
}
