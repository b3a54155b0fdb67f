/** Handlers of the clips.* calls. */
import type { ApiOutput, ApiParsedInput, ProgressEvent } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { workerModule } from '../jobs/worker-modules';
import { runWorkerJob } from '../jobs/worker-host';
import { importClips } from '../library/import-clips';
import { makeProxies, proxyFolder } from '../library/make-proxies';
import { playbackOf } from '../media/playback-source';
import { ClipFiles } from '../media/clip-file';
import { resolveModelsDir } from '../models/pack/models-dir';
import type { AnalysisJobParams } from '../pipeline/analysis/analysis-job';
import { readClipAnalysisView } from '../pipeline/analysis/analysis-view';
import { ClipMetadataStore } from '../store/clip-metadata-store';
import { ClipFilesStore } from '../store/clip-files-store';
import { ClipsStore } from '../store/clips-store';
import { ProxiesStore } from '../store/proxies-store';
import { parseQueueUrl } from '../queue/queue-connection';
import { parseMediaAddress } from '../queue/queue-media-route';
import type { QueuedAnalysisParams } from '../queue/queued-analysis';
import type { ApiContext, CallControls } from './context';
import { requireClip, resolveClipId } from './resolve-clip';

/** Imports, then makes the playback proxies --proxy asks for, of the clips this import named (its own 'proxy' job). */
export async function importHandler(input: ApiParsedInput<'clips.import'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.import'>> {
  const report = await importClips(
    { paths: input.paths, labelsCsv: input.labelsCsv, annotator: input.annotator, overwrite: input.overwrite, sampling: input.sampling },
    { db: ctx.db, tools: ctx.tools, actor: ctx.actor, now: ctx.now, signal: controls.signal, onProgress: controls.onProgress, skipFolders: [proxyFolder(ctx.dbPath)] },
  );
  const clipIds = [...report.imported, ...report.resampled, ...report.unchanged].map((item) => item.clipId);
  if (input.proxy === 'none' || report.cancelled || clipIds.length === 0) return report;
  const proxies = await makeProxies({ clipIds, mode: input.proxy, probeH264: true, call: 'clips.import' }, proxyEnvironment(ctx, controls));
  return { ...report, proxies, cancelled: proxies.cancelled };
}

function proxyEnvironment(ctx: ApiContext, controls: CallControls): Parameters<typeof makeProxies>[1] {
  return { db: ctx.db, dbPath: ctx.dbPath, tools: ctx.tools, now: ctx.now, signal: controls.signal, onProgress: controls.onProgress };
}

/** Playback proxies of the clips named (every stored clip when none is), as one 'proxy' job with progress. */
export function makeProxyHandler(input: ApiParsedInput<'clips.makeProxy'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.makeProxy'>> {
  const clipIds = input.clips.length > 0 ? input.clips.map((ref) => resolveClipId(ctx, ref)) : new ProxiesStore(ctx.db).allClipIds();
  return makeProxies({ clipIds, mode: input.mode, force: input.force, probeH264: input.clips.length > 0, call: 'clips.makeProxy' }, proxyEnvironment(ctx, controls));
}

export function listHandler(input: ApiParsedInput<'clips.list'>, ctx: ApiContext): ApiOutput<'clips.list'> {
  return new ClipsStore(ctx.db).list(input);
}

/** One clip, with its file checked now (clip-file.ts): the state it shows is the one this check found. */
export async function getHandler(input: ApiParsedInput<'clips.get'>, ctx: ApiContext): Promise<ApiOutput<'clips.get'>> {
  const clips = new ClipsStore(ctx.db);
  const clip = requireClip(ctx, input.clip);
  const file = new ClipFilesStore(ctx.db).file(clip.id);
  if (!file) throw new ViperError('clips/not-found', `clip ${input.clip}: its file row is missing from ${ctx.dbPath}. Import the clip's video again ("npx viper import <path>").`, { subject: 'clip' });
  const problem = await ClipFiles.of(ctx.db).problem(file);
  return {
    ...clip,
    // Unreadable (permissions) is a problem to show, not a sign the file moved.
    fileState: problem && problem.code !== 'media/unreadable' ? 'moved-or-changed' : 'ok',
    samples: clips.samples(clip.id),
    analysis: readClipAnalysisView(ctx.db, clip.id),
    fileProblem: problem?.message ?? null,
    metadata: new ClipMetadataStore(ctx.db).get(clip.id),
    playback: playbackOf(ctx.db, clip),
  };
}

/**
 * Runs the feature pipeline in a worker thread, or with a queue hands the clips to `viper worker`s and stores
 * what they return (queue/queued-analysis.ts); the clips and the addresses are checked here so a bad one fails fast.
 */
export function analyzeHandler(input: ApiParsedInput<'clips.analyze'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.analyze'>> {
  const clipIds = input.clips.map((ref) => requireClip(ctx, ref).id);
  const params: AnalysisJobParams = { dbPath: ctx.dbPath, modelsDir: resolveModelsDir(), clipIds, modalities: input.modalities, auReference: input.auReference, force: input.force, protocol: input.protocol, ...(input.lanes === undefined ? {} : { lanes: input.lanes }) };
  if (input.queue !== undefined) {
    if (input.lanes !== undefined) throw new ViperError('api/invalid-input', "--lanes sets how many clips this machine analyses at once; with --queue the workers analyse them: give each worker --concurrency instead.", { subject: 'lanes' });
    parseQueueUrl(input.queue);
    if (input.mediaAddress !== undefined) parseMediaAddress(input.mediaAddress);
    const queued: QueuedAnalysisParams = { ...params, queue: input.queue, attempts: input.attempts, mediaAddress: input.mediaAddress ?? null };
    return runWorkerJob<QueuedAnalysisParams, ApiOutput<'clips.analyze'>, ProgressEvent>(workerModule('queue-coordinator'), queued, { signal: controls.signal, onProgress: controls.onProgress });
  }
  if (input.mediaAddress !== undefined) throw new ViperError('api/invalid-input', '--media-address serves media to queue workers: give it with --queue, or leave it out.', { subject: 'mediaAddress' });
  return runWorkerJob<AnalysisJobParams, ApiOutput<'clips.analyze'>, ProgressEvent>(workerModule('analysis-worker'), params, { signal: controls.signal, onProgress: controls.onProgress });
}
