/**
 * The import job: every file found is hashed, skipped if its content is stored with the same
 * sampling, else sampled and stored in one transaction. A bad file is recorded and the batch goes
 * on; cancelling stops between files, so at most the file in flight is not stored.
 */
import { realpath } from 'node:fs/promises';
import type { ImportReport, ProgressEvent, SamplingOptions } from '../../shared/api';
import { isViperError, ViperError, type ErrorInfo } from '../../shared/errors';
import { findSidecarAudio } from '../media/audio-sidecar';
import { ClipFiles } from '../media/clip-file';
import { hashFile } from '../media/content-hash';
import { readIdentity, sameIdentity } from '../media/file-identity';
import type { MediaTools } from '../media/media-tools';
import { checkReadableFile } from '../media/probe';
import { ClipFilesStore } from '../store/clip-files-store';
import { ClipsStore } from '../store/clips-store';
import type { Db } from '../store/database';
import { RunningJob } from '../store/running-job';
import { applyLabelFiles } from './apply-labels';
import { labelConflictError } from './label-import-plan';
import { newClipRecord, sampleClip, type FoundFile } from './ingest-clip';
import { scanPaths } from './scan-paths';

export interface ImportRequest {
  paths: string[];
  /** Labels files, merged by File_ID (labels.csv with partition.csv, or one data_info.csv). */
  labelsCsv?: readonly string[] | undefined;
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
  /** Folders never searched for clips: the library's own proxies (scan-paths.ts). */
  skipFolders?: readonly string[];
}

type Outcome = { kind: 'imported' | 'resampled' | 'relocated' | 'unchanged'; clipId: number };

/** Links resolved: the clip is the real file, wherever the link points later. Stat before hashing (see below). */
async function findFile(givenPath: string): Promise<FoundFile> {
  try {
    const realPath = await realpath(givenPath);
    // Taken before the hash: a file written to while it is hashed then fails the identity check and is
    // hashed again when served, instead of passing it with a hash of bytes it no longer holds.
    return { givenPath, realPath, identity: await readIdentity(realPath) };
  } catch (error) {
    throw new ViperError('media/unreadable', `${givenPath}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the file's permissions.`, { subject: givenPath, cause: error });
  }
}

async function importFile(path: string, request: ImportRequest, env: ImportEnvironment, clips: ClipsStore): Promise<Outcome> {
  await checkReadableFile(path);
  const found = await findFile(path);
  let contentHash: string;
  try {
    contentHash = await hashFile(found.realPath);
  } catch (error) {
    throw new ViperError('media/unreadable', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the file's permissions.`, { subject: path, cause: error });
  }
  const existing = clips.findByHash(contentHash);
  const relocated = existing ? await followFile(env.db, existing.id, found) : false;
  const sameSampling = existing && existing.sampleCount === request.sampling.frameCount && existing.samplingMethod === request.sampling.method;
  if (existing && sameSampling) {
    // A clip stored without sound takes it from a sidecar .wav found now (put there since, or stored by a
    // version that did not look): its samples are measured again on that audio.
    if (!existing.hasAudio && findSidecarAudio(found.realPath)) {
      const sampled = await sampleClip(await env.tools(), found.realPath, request.sampling, env.signal);
      const gained = clips.replaceAudio(existing.id, newClipRecord(sampled, found, contentHash, request.sampling), sampled.samples);
      if (gained) return { kind: 'resampled', clipId: existing.id };
    }
    return { kind: relocated ? 'relocated' : 'unchanged', clipId: existing.id };
  }
  const tools = await env.tools();
  const sampled = await sampleClip(tools, found.realPath, request.sampling, env.signal);
  // Another process importing the same files may store this one while it was being sampled: the store
  // checks again under the write lock, and then this import skips it as already stored.
  let clipId = existing?.id;
  if (clipId === undefined) {
    const stored = clips.insert(newClipRecord(sampled, found, contentHash, request.sampling), sampled.samples, env.now());
    if (stored.created) return { kind: 'imported', clipId: stored.clipId };
    clipId = stored.clipId;
  }
  // Resampled unless the stored clip has this sampling already (stored or resampled by the other process).
  const replaced = clips.replaceSamples(clipId, request.sampling, sampled.samples, sampled.audioSilent);
  // The probe just made is kept for its analyses (a clip imported before probes were kept gains one here).
  new ClipFilesStore(env.db).recordProbe(clipId, sampled.media);
  return { kind: replaced ? 'resampled' : relocated ? 'relocated' : 'unchanged', clipId };
}

/**
 * The relocate action: this file has a stored clip's content. When the clip's own file is moved or changed,
 * the clip moves here (same id, labels, analysis); when this is the clip's own file, its identity is
 * refreshed (a touch). A copy elsewhere, while the clip's file is intact, changes nothing.
 * Returns whether the clip moved.
 */
async function followFile(db: Db, clipId: number, found: FoundFile): Promise<boolean> {
  const files = new ClipFilesStore(db);
  const stored = files.file(clipId);
  if (!stored) return false;
  const importPath = found.givenPath === found.realPath ? null : found.givenPath;
  const moves = stored.path !== found.realPath;
  if (moves && (await ClipFiles.of(db).problem(stored)) === null) return false;
  const unchanged = !moves && stored.importPath === importPath && stored.state === 'ok' && stored.identity !== null && sameIdentity(stored.identity, found.identity);
  if (!unchanged) files.recordFile(clipId, { path: found.realPath, importPath, identity: found.identity });
  return moves;
}

async function importFiles(
  files: readonly string[],
  request: ImportRequest,
  env: ImportEnvironment,
  report: ImportReport,
  job: RunningJob,
  recordFailure: (error: ErrorInfo) => void,
): Promise<void> {
  const clips = new ClipsStore(env.db);
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
    job.progress(done + 1, files.length);
  }
}

/** Applies the labels CSV after the clips are stored; a file the labels step rejects is recorded, not thrown. */
async function applyLabels(labelsCsv: readonly string[], request: ImportRequest, env: ImportEnvironment, report: ImportReport, job: RunningJob): Promise<void> {
  try {
    report.labels = await applyLabelFiles(env.db, labelsCsv, { annotator: request.annotator, editedBy: env.actor, at: env.now(), overwrite: request.overwrite });
    report.labels.failed.forEach((error) => job.recordError(error));
    // Kept values are recorded with the job too, so "viper status" and the Jobs screen show them.
    report.labels.conflicts.forEach((conflict) => job.recordError(labelConflictError(conflict).toInfo()));
  } catch (error) {
    if (!isViperError(error)) throw error;
    report.labels = { files: [...labelsCsv], rows: 0, applied: 0, unchanged: 0, conflicting: 0, conflicts: [], failed: [error.toInfo()], warnings: [] };
    job.recordError(error.toInfo());
  }
}

export async function importClips(request: ImportRequest, callerEnv: ImportEnvironment): Promise<ImportReport> {
  const scan = await scanPaths(request.paths, { skipFolders: callerEnv.skipFolders ?? [] });
  const job = RunningJob.start(callerEnv.db, 'import', request, scan.files.length, callerEnv.now);
  // Ctrl-C, a closed page, or a cancel asked for from elsewhere (the Jobs screen) stop it between files.
  const env: ImportEnvironment = { ...callerEnv, signal: job.signal(callerEnv.signal) };
  const jobId = job.id;
  const report: ImportReport = { jobId, scanned: scan.files.length, imported: [], resampled: [], relocated: [], unchanged: [], failed: [], labels: null, proxies: null, cancelled: false };
  const recordFailure = (error: ErrorInfo): void => {
    report.failed.push(error);
    job.recordError(error);
  };
  scan.failed.forEach(recordFailure);

  try {
    await importFiles(scan.files, request, env, report, job, recordFailure);
    report.cancelled = env.signal?.aborted ?? false;
    if (request.labelsCsv && request.labelsCsv.length > 0 && !report.cancelled) await applyLabels(request.labelsCsv, request, env, report, job);
  } catch (error) {
    job.finish('failed');
    throw error;
  }
  env.onProgress?.({ call: 'clips.import', jobId, done: scan.files.length, total: scan.files.length });
  job.finish(report.cancelled ? 'cancelled' : 'done');
  return report;
}
