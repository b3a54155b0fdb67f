/**
 * The 'proxy' job: playback proxies for the clips asked for (proxy-build.ts), each recorded in
 * playback_proxies as ready or failed. A failure is recorded with the job and the batch goes on; the
 * original stays what the page is offered for that clip. Cancelling kills the ffmpeg in flight (its
 * partial file is removed) and stops.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { ProgressEvent } from '../../shared/api';
import type { ProxyReport } from '../../shared/clips-api';
import { isViperError, type ErrorInfo } from '../../shared/errors';
import { hashFile } from '../media/content-hash';
import type { MediaTools } from '../media/media-tools';
import { needsPlaybackProxy } from '../media/playback-support';
import { probeMedia } from '../media/probe';
import { buildProxy, proxyFailed } from '../media/proxy-build';
import type { Db } from '../store/database';
import { RunningJob } from '../store/running-job';
import { ProxiesStore, type ProxySource } from '../store/proxies-store';

export interface MakeProxiesRequest {
  clipIds: readonly number[];
  /** 'needed': only clips whose video the page cannot decode; 'all': each one. */
  mode: 'needed' | 'all';
  /**
   * With 'needed', also probe each H.264 clip for a 10-bit or 4:4:4 profile, which the clips table does not
   * hold: right for the clips of one import or the ones named, too slow for a whole library of H.264 (25,067
   * ffprobe runs), where the stored codec decides and the page's own check catches the rest.
   */
  probeH264: boolean;
  /** Build again over a ready proxy. */
  force?: boolean | undefined;
  /** Which call's progress events these are ('clips.import' when import makes them). */
  call: ProgressEvent['call'];
}

export interface ProxyEnvironment {
  db: Db;
  dbPath: string;
  tools: () => Promise<MediaTools>;
  now: () => string;
  signal?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

/** Where a library's proxies are cached: `<db folder>/proxies`. An import never takes clips from it (scan-paths.ts). */
export function proxyFolder(dbPath: string): string {
  return dbPath === ':memory:' ? join(tmpdir(), 'viper-proxies') : join(dirname(resolve(dbPath)), 'proxies');
}

/** Proxies are named by content: `<db folder>/proxies/<sha256>.mp4`. */
export function proxyPathFor(dbPath: string, contentHash: string): string {
  return join(proxyFolder(dbPath), `${contentHash}.mp4`);
}

type Plan = { source: ProxySource; target: string } | { skip: 'alreadyReady' | 'notNeeded' } | { failed: ErrorInfo };

/** Decides for one clip: by the stored codec, and for H.264 (when asked) by the profile and pixel format ffprobe reads. */
async function planOne(source: ProxySource, request: MakeProxiesRequest, env: ProxyEnvironment, proxies: ProxiesStore): Promise<Plan> {
  const target = proxyPathFor(env.dbPath, source.contentHash);
  const stored = proxies.get(source.clipId);
  if (!request.force && stored?.state === 'ready' && stored.contentHash === source.contentHash && existsSync(stored.path)) return { skip: 'alreadyReady' };
  if (request.mode === 'all' || needsPlaybackProxy({ codec: source.videoCodec })) return { source, target };
  if (source.videoCodec !== 'h264' || !request.probeH264) return { skip: 'notNeeded' };
  try {
    const media = await probeMedia(await env.tools(), source.path, env.signal);
    return needsPlaybackProxy(media.video) ? { source, target } : { skip: 'notNeeded' };
  } catch (error) {
    if (!isViperError(error) || error.code === 'media/ffmpeg-missing' || env.signal?.aborted) throw error;
    return { failed: proxyFailed(source.path, error.message, error).toInfo() };
  }
}

/** The original must still be the content imported: a proxy of another file would show the wrong picture. */
async function assertSameContent(source: ProxySource): Promise<void> {
  let hash: string;
  try {
    hash = await hashFile(source.path);
  } catch (error) {
    throw proxyFailed(source.path, `cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, error);
  }
  if (hash !== source.contentHash) throw proxyFailed(source.path, `the file changed since it was imported as clip ${source.fileId}`);
}

export async function makeProxies(request: MakeProxiesRequest, callerEnv: ProxyEnvironment): Promise<ProxyReport> {
  let env = callerEnv;
  const proxies = new ProxiesStore(env.db);
  const report: ProxyReport = { jobId: null, made: [], alreadyReady: 0, notNeeded: 0, failed: [], cancelled: false };
  const builds: { source: ProxySource; target: string }[] = [];
  const planFailures: { source: ProxySource; error: ErrorInfo }[] = [];
  for (const source of proxies.sources(request.clipIds)) {
    if (env.signal?.aborted) break;
    const plan = await planOne(source, request, env, proxies);
    if ('skip' in plan) report[plan.skip] += 1;
    else if ('failed' in plan) planFailures.push({ source, error: plan.failed });
    else builds.push(plan);
  }
  report.cancelled = env.signal?.aborted ?? false;
  if (builds.length === 0 && planFailures.length === 0) return report;

  // Progress in milliseconds of video, so one long clip moves the bar as much as it takes.
  const totalMs = builds.reduce((sum, build) => sum + Math.max(1, Math.round(build.source.durationS * 1000)), 0);
  const job = RunningJob.start(env.db, 'proxy', { clipIds: request.clipIds, mode: request.mode, force: request.force ?? false }, totalMs, env.now);
  // From here, a cancel asked for from elsewhere (the Jobs screen, viper cancel) stops it too.
  env = { ...callerEnv, signal: job.signal(callerEnv.signal) };
  const jobId = job.id;
  report.jobId = jobId;
  const fail = (source: ProxySource, target: string, error: ErrorInfo): void => {
    report.failed.push(error);
    job.recordError(error);
    proxies.markFailed(source, target, error, jobId, env.now());
  };
  for (const { source, error } of planFailures) fail(source, proxyPathFor(env.dbPath, source.contentHash), error);

  let doneMs = 0;
  for (const { source, target } of builds) {
    if (env.signal?.aborted) break;
    const clipMs = Math.max(1, Math.round(source.durationS * 1000));
    const progress = (fraction: number): void => {
      // ffmpeg may still print a line between a cancel and its exit: nothing more is reported then.
      if (env.signal?.aborted) return;
      const done = doneMs + Math.round(fraction * clipMs);
      env.onProgress?.({ call: request.call, jobId, done, total: totalMs, current: source.path });
      job.progress(done, totalMs);
    };
    progress(0);
    const startedMs = performance.now();
    try {
      await assertSameContent(source);
      await buildProxy(await env.tools(), source, target, { signal: env.signal, onProgress: progress });
      proxies.markReady(source, target, jobId, env.now());
      report.made.push({ clipId: source.clipId, fileId: source.fileId, path: target, buildS: (performance.now() - startedMs) / 1000 });
    } catch (error) {
      if (env.signal?.aborted) break;
      if (!isViperError(error) || error.code === 'media/ffmpeg-missing') {
        job.finish('failed');
        throw error;
      }
      fail(source, target, error.toInfo());
    }
    doneMs += clipMs;
  }
  report.cancelled = env.signal?.aborted ?? false;
  const allFailed = report.made.length === 0 && report.failed.length > 0;
  job.finish(report.cancelled ? 'cancelled' : allFailed ? 'failed' : 'done');
  return report;
}
