/**
 * The import job: every file found is hashed, skipped if its content is stored with the same
 * sampling, else sampled and stored in one transaction. A bad file is recorded and the batch goes
 * on; cancelling stops between files, so at most the file in flight is not stored.
 */
import { existsSync } from 'node:fs';
import type { ImportReport, ProgressEvent, SamplingOptions } from '../../shared/api';
import { isViperError, ViperError, type ErrorInfo } from '../../shared/errors';
import { hashFile } from '../media/content-hash';
import type { MediaTools } from '../media/media-tools';
import { checkReadableFile } from '../media/probe';
import { ClipsStore } from '../store/clips-store';
import type { Db } from '../store/database';
import { JobsStore } from '../store/jobs-store';
import { applyLabelsFile } from './apply-labels';
import { labelConflictError } from './label-import-plan';
import { newClipRecord, sampleClip } from './ingest-clip';
import { scanPaths } from './scan-paths';

export interface ImportRequest {
  paths: string[];
  labelsCsv?: string | undefined;
  annotator: string;
  /** Apply the CSV's values over values edited in the app since the last import. */
  overwrite?: boolean | undefined;
  sampling: SamplingOptions;
}

export interface ImportEnvironment {
  db: Db;
  tools: () => Promise<MediaTools>;
  actor: string;
  now: () => string;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

type Outcome = { kind: 'imported' | 'resampled' | 'unchanged'; clipId: number };

async function importFile(path: string, request: ImportRequest, env: ImportEnvironment, clips: ClipsStore): Promise<Outcome> {
  await checkReadableFile(path);
  let contentHash: string;
  try {
    contentHash = await hashFile(path);
  } catch (error) {
    throw new ViperError('media/unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the file's permissions.`, { subject: path, cause: error });
  }
  const existing = clips.findByHash(contentHash);
  const sameSampling = existing && existing.sampleCount === request.sampling.frameCount && existing.samplingMethod === request.sampling.method;
  if (existing && sameSampling) {
    // Same content found at a new place while the old file is gone: follow the move.
    if (existing.path !== path && !existsSync(existing.path)) clips.updatePath(existing.id, path);
    return { kind: 'unchanged', clipId: existing.id };
  }
  const tools = await env.tools();
  const sampled = await sampleClip(tools, path, request.sampling, env.signal);
  // Another process importing the same files may store this one while it was being sampled: the store
  // checks again under the write lock, and then this import skips it as already stored.
  let clipId = existing?.id;
  if (clipId === undefined) {
    const stored = clips.insert(newClipRecord(sampled, contentHash, request.sampling), sampled.samples, env.now());
    if (stored.created) return { kind: 'imported', clipId: stored.clipId };
    clipId = stored.clipId;
  }
  // Resampled unless the stored clip has this sampling already (stored or resampled by the other process).
  const replaced = clips.replaceSamples(clipId, request.sampling, sampled.samples, sampled.audioSilent);
  return { kind: replaced ? 'resampled' : 'unchanged', clipId };
}

async function importFiles(
  files: readonly string[],
  request: ImportRequest,
  env: ImportEnvironment,
  report: ImportReport,
  recordFailure: (error: ErrorInfo) => void,
): Promise<void> {
  const clips = new ClipsStore(env.db);
  const jobs = new JobsStore(env.db);
  for (const [done, path] of files.entries()) {
    if (env.signal?.aborted) break;
    env.onProgress?.({ call: 'clips.import', jobId: report.jobId, done, total: files.length, current: path });
    try {
      const outcome = await importFile(path, request, env, clips);
      report[outcome.kind].push({ path, clipId: outcome.clipId });
    } catch (error) {
      if (env.signal?.aborted) break;
      if (!isViperError(error) || error.code === 'media/ffmpeg-missing') throw error;
      recordFailure(error.toInfo());
    }
    jobs.progress(report.jobId, done + 1, files.length);
  }
}

export async function importClips(request: ImportRequest, env: ImportEnvironment): Promise<ImportReport> {
  const jobs = new JobsStore(env.db);
  const scan = await scanPaths(request.paths);
  const jobId = jobs.start('import', request, scan.files.length, env.now());
  const report: ImportReport = { jobId, scanned: scan.files.length, imported: [], resampled: [], unchanged: [], failed: [], labels: null, proxies: null, cancelled: false };
  const recordFailure = (error: ErrorInfo): void => {
    report.failed.push(error);
    jobs.recordError(jobId, error, env.now());
  };
  scan.failed.forEach(recordFailure);

  try {
    await importFiles(scan.files, request, env, report, recordFailure);
  } catch (error) {
    jobs.finish(jobId, 'failed', env.now());
    throw error;
  }
  report.cancelled = env.signal?.aborted ?? false;

  if (request.labelsCsv && !report.cancelled) {
    try {
      report.labels = await applyLabelsFile(env.db, request.labelsCsv, { annotator: request.annotator, editedBy: env.actor, at: env.now(), overwrite: request.overwrite });
      report.labels.failed.forEach((error) => jobs.recordError(jobId, error, env.now()));
      // Kept values are recorded with the job too, so "viper status" and the Jobs screen show them.
      report.labels.conflicts.forEach((conflict) => jobs.recordError(jobId, labelConflictError(conflict).toInfo(), env.now()));
    } catch (error) {
      if (!isViperError(error)) throw error;
      report.labels = { file: request.labelsCsv, rows: 0, applied: 0, unchanged: 0, conflicting: 0, conflicts: [], failed: [error.toInfo()] };
      jobs.recordError(jobId, error.toInfo(), env.now());
    }
  }
  env.onProgress?.({ call: 'clips.import', jobId, done: scan.files.length, total: scan.files.length });
  jobs.finish(jobId, report.cancelled ? 'cancelled' : 'done', env.now());
  return report;
}
