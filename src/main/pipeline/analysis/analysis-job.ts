/**
 * The analysis job, run inside a worker thread: every requested clip whose stored analysis was made
 * by another pipeline signature (or none) goes through analyseClip and is stored in one transaction.
 * A failing clip is recorded with its reason and the job goes on; cancelling stops between clips
 * (the clip in flight is dropped), and re-running resumes, since finished clips are skipped.
 */
import { MODALITIES, type AnalysisReport, type Modality, type ProgressEvent } from '../../../shared/api';
import type { Protocol } from '../../../shared/common-schemas';
import { isViperError, ViperError } from '../../../shared/errors';
import { findMediaTools } from '../../media/media-tools';
import { analysisSignature, writeClipAnalysis } from '../../store/analysis-store';
import { ClipsStore } from '../../store/clips-store';
import { openStore } from '../../store/database';
import { RunningJob } from '../../store/running-job';
import { storeErrorOf } from '../../store/store-errors';
import { analyseClip } from './analyse-clip';
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

type JobControls = { signal: AbortSignal; progress(event: ProgressEvent): void };

/** A database that cannot be written or a full disk crosses back from the worker as the store's ViperError, not a bug. */
export async function runAnalysisJob(params: AnalysisJobParams, controls: JobControls): Promise<AnalysisReport> {
  try {
    return await analyseClips(params, controls);
  } catch (error) {
    throw storeErrorOf(error, params.dbPath) ?? error;
  }
}

async function analyseClips(params: AnalysisJobParams, controls: JobControls): Promise<AnalysisReport> {
  const db = openStore(params.dbPath);
  try {
    const now = (): string => new Date().toISOString();
    const clips = new ClipsStore(db);
    const ids = params.clipIds.length > 0 ? params.clipIds : clips.list({ limit: 1_000_000, offset: 0 }).clips.map((c) => c.id);
    const modalities = MODALITIES.filter((m) => params.modalities.includes(m));
    const job = RunningJob.start(db, 'analyze', { clipIds: params.clipIds, modalities, auReference: params.auReference, force: params.force, protocol: params.protocol }, ids.length, now);
    const jobId = job.id;
    // Ctrl-C, a closed page, or a cancel asked for from elsewhere (the Jobs screen).
    const signal = job.signal(controls.signal);
    const report: AnalysisReport = { jobId, analysed: [], skipped: 0, failed: [], cancelled: false, providers: {}, msPerClip: null, protocol: params.protocol };
    try {
      const models = await loadAnalysisModels(db, params.modelsDir, modalities, params.protocol, params.auReference);
      report.providers = models.providers;
      const tools = await findMediaTools();
      const started = Date.now();
      for (const [done, clipId] of ids.entries()) {
        if (signal.aborted) break;
        const clip = clips.get(clipId);
        controls.progress({ call: 'clips.analyze', jobId, done, total: ids.length, current: clip?.fileId ?? String(clipId) });
        if (!clip) continue;
        if (!params.force && analysisSignature(db, clipId) === models.signature) {
          report.skipped += 1;
          continue;
        }
        try {
          requireProtocolSampling(clip, params.protocol);
          const samples = clips.samples(clipId);
          const result = await analyseClip(tools, clip, samples, models, modalities, signal, undefined, params.protocol);
          writeClipAnalysis(db, {
            clipId,
            signature: models.signature,
            modalities,
            models: models.modelIds,
            providers: models.providers,
            facesFound: result.facesFound,
            frames: result.frames,
            parts: modalities.map((m) => ({ modality: m, modelId: models.modelIds[m], dims: models.dims[m], data: result.parts[m] as Float32Array })),
            presence: result.presence,
            protocol: params.protocol,
            analysedAt: now(),
          });
          report.analysed.push({ clipId, fileId: clip.fileId, facesFound: result.facesFound, frames: samples.length });
        } catch (error) {
          if (signal.aborted) break;
          if (!isViperError(error)) throw error;
          const info = { ...error.toInfo(), subject: error.subject ?? clip.path };
          report.failed.push(info);
          job.recordError(info);
        }
        job.progress(done + 1, ids.length);
      }
      report.cancelled = signal.aborted;
      report.msPerClip = report.analysed.length > 0 ? (Date.now() - started) / report.analysed.length : null;
      controls.progress({ call: 'clips.analyze', jobId, done: ids.length, total: ids.length });
      job.finish(report.cancelled ? 'cancelled' : 'done');
      return report;
    } catch (error) {
      job.finish('failed');
      throw error;
    }
  } finally {
    db.close();
  }
}
