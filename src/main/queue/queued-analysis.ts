/**
 * `viper analyze --queue`: the workstation's side of an analysis over many machines. Every clip that needs
 * analysing goes on the lab's BullMQ queue (id, content hash, sampling plan, modalities, the model-pack
 * signature, where its media is read); `viper worker` processes anywhere analyse them; results are stored
 * here, by this process alone, as they arrive. It is a job like a local analysis (RunningJob: progress,
 * cancel, resume): a clip's job id is fixed by the store, clip, content and signature, so running the same
 * command again after a cancel, a crash or Redis going away finds the jobs still queued or finished and
 * queues only the rest. Cancelling withdraws the jobs no worker has taken.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { MODALITIES, type AnalysisReport, type ProgressEvent } from '../../shared/api';
import { ERROR_CODES, isViperError, ViperError, type ErrorCode, type ErrorInfo } from '../../shared/errors';
import { finishAnalysis, requireProtocolSampling, type AnalysisJobParams } from '../pipeline/analysis/analysis-job';
import { loadAnalysisModels } from '../pipeline/analysis/analysis-models';
import { analysisSignature } from '../store/analysis-store';
import { ClipFilesStore } from '../store/clip-files-store';
import { ClipsStore } from '../store/clips-store';
import { openStore } from '../store/database';
import { RunningJob } from '../store/running-job';
import { storeErrorOf } from '../store/store-errors';
import { ANALYSIS_QUEUE, checkQueue, parseQueueUrl, queueErrorOf, type QueueAddress } from './queue-connection';
import { startMediaRoute, type MediaRoute } from './queue-media-route';
import { QUEUE_PROTOCOL, queuedResultSchema, type QueuedClip } from './queued-clip';
import { storeQueuedResult, type IntakeRun } from './result-intake';

export interface QueuedAnalysisParams extends AnalysisJobParams {
  /** redis://host:port, password included when Redis wants one (it is never recorded). */
  queue: string;
  attempts: number;
  mediaAddress: string | null;
}

/** How often finished jobs are collected from Redis. */
const POLL_MS = 200;
/** How long Redis may stay silent mid-run before the run stops (resumable) instead of waiting on. */
export const REDIS_GRACE_MS = 10_000;
/** Finished jobs read per poll; this run's are removed as they are stored, so the lists stay short. */
const FINISHED_PER_POLL = 1000;

type JobControls = { signal: AbortSignal; progress(event: ProgressEvent): void };

export async function runQueuedAnalysis(params: QueuedAnalysisParams, controls: JobControls): Promise<AnalysisReport> {
  const address = parseQueueUrl(params.queue);
  await checkQueue(address);
  try {
    return await coordinate(params, address, controls);
  } catch (error) {
    throw storeErrorOf(error, params.dbPath) ?? error;
  }
}

/** This database among the lab's workstations: its job ids never meet another's. */
function storeKey(dbPath: string): string {
  return createHash('sha256').update(`${hostname()}\0${realpathSync(dbPath)}`).digest('hex').slice(0, 12);
}

/** A worker's "[code] message" back as the error it was; a reason without a code (a job stalled twice) as queue/job-failed. */
export function failureOf(reason: string, fileId: string): ErrorInfo {
  const match = /^\[([a-z]+\/[a-z-]+|internal)\] ([\s\S]*)$/.exec(reason);
  const code = match && (ERROR_CODES as readonly string[]).includes(match[1] as string) ? (match[1] as ErrorCode) : null;
  return code ? { code, message: match?.[2] as string, subject: fileId } : { code: 'queue/job-failed', message: `clip ${fileId}: ${reason}`, subject: fileId };
}

async function coordinate(params: QueuedAnalysisParams, address: QueueAddress, controls: JobControls): Promise<AnalysisReport> {
  const db = openStore(params.dbPath);
  // Commands fail at once while Redis is away (no offline queue), so a lost Redis is noticed, not waited on.
  const connection = new Redis({ ...address.options, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 500 });
  connection.on('error', () => undefined);
  const queue = new Queue(ANALYSIS_QUEUE, { connection });
  let route: MediaRoute | null = null;
  try {
    const now = (): string => new Date().toISOString();
    const clips = new ClipsStore(db);
    const files = new ClipFilesStore(db);
    const ids = params.clipIds.length > 0 ? params.clipIds : clips.list({ limit: 1_000_000, offset: 0 }).clips.map((c) => c.id);
    const modalities = MODALITIES.filter((m) => params.modalities.includes(m));
    const recorded = { clipIds: params.clipIds, modalities, auReference: params.auReference, force: params.force, protocol: params.protocol, queue: address.redacted, attempts: params.attempts, mediaAddress: params.mediaAddress };
    const job = RunningJob.start(db, 'analyze', recorded, ids.length, now);
    const signal = job.signal(controls.signal);
    const queued = { workers: [] as string[], duplicates: 0, dropped: [] as string[] };
    const report: AnalysisReport = { jobId: job.id, analysed: [], skipped: 0, failed: [], cancelled: false, providers: {}, msPerClip: null, protocol: params.protocol, queued };
    let done = 0;
    const progress = (current?: string): void => {
      controls.progress({ call: 'clips.analyze', jobId: job.id, done, total: ids.length, ...(current ? { current } : {}) });
      job.progress(done, ids.length);
    };
    try {
      // The workstation computes the signature its results must carry; the workers compute the tokens.
      const models = await loadAnalysisModels(db, params.modelsDir, modalities, params.protocol, params.auReference);
      const toQueue: QueuedClip[] = [];
      for (const clipId of ids) {
        const clip = clips.get(clipId);
        const file = files.file(clipId);
        if (!clip || !file) {
          done += 1;
          continue;
        }
        try {
          requireProtocolSampling(clip, params.protocol);
        } catch (error) {
          if (!isViperError(error)) throw error;
          report.failed.push(error.toInfo());
          job.recordError(error.toInfo());
          done += 1;
          continue;
        }
        if (!params.force && analysisSignature(db, clipId) === models.signature) {
          report.skipped += 1;
          done += 1;
          continue;
        }
        toQueue.push({
          protocol: QUEUE_PROTOCOL,
          clipId,
          fileId: clip.fileId,
          contentHash: file.contentHash,
          signature: models.signature,
          modalities,
          analysisProtocol: params.protocol,
          auReference: params.auReference,
          samples: clips.samples(clipId),
          video: { path: clip.path, url: null },
          audio: clip.audioPath ? { path: clip.audioPath, url: null } : null,
        });
      }
      if (params.mediaAddress && toQueue.length > 0) {
        route = await startMediaRoute(db, params.mediaAddress, new Set(toQueue.map((c) => c.clipId)));
        for (const clip of toQueue) {
          clip.video.url = route.urlFor(clip.clipId, 'video');
          if (clip.audio) clip.audio.url = route.urlFor(clip.clipId, 'audio');
        }
      }
      const key = storeKey(params.dbPath);
      const pending = new Map<string, QueuedClip>();
      const jobIdOf = (clip: QueuedClip): string => [key, clip.clipId, clip.contentHash.slice(0, 12), clip.signature.slice(0, 12), ...(params.force ? [`f${job.id}`] : [])].join('.');
      try {
        const fresh: QueuedClip[] = [];
        for (const clip of toQueue) {
          const id = jobIdOf(clip);
          pending.set(id, clip);
          const state = await queue.getJobState(id);
          // A failure left from an earlier run is tried afresh; anything else (queued, in hand, finished) is taken as it is.
          if (state === 'failed') await queue.remove(id);
          if (state === 'failed' || state === 'unknown') fresh.push(clip);
        }
        await queue.addBulk(fresh.map((clip) => ({ name: 'analyse-clip', data: clip, opts: { jobId: jobIdOf(clip), attempts: params.attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false } })));
      } catch (error) {
        throw queueErrorOf(error, address);
      }
      progress();
      const intake: IntakeRun = { signature: models.signature, modalities, protocol: params.protocol, force: params.force, stored: new Set(), now };
      const started = Date.now();
      let lastContact = Date.now();
      while (pending.size > 0 && !signal.aborted) {
        await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
        let finished: { bullJob: Job; ok: boolean }[];
        try {
          // Read by list: a job that failed once and then succeeded still carries its first failedReason.
          const [completed, failed] = await Promise.all([queue.getJobs(['completed'], 0, FINISHED_PER_POLL - 1), queue.getJobs(['failed'], 0, FINISHED_PER_POLL - 1)]);
          finished = [...completed.map((bullJob) => ({ bullJob: bullJob as Job, ok: true })), ...failed.map((bullJob) => ({ bullJob: bullJob as Job, ok: false }))];
          lastContact = Date.now();
        } catch (error) {
          if (Date.now() - lastContact < REDIS_GRACE_MS) continue;
          const lost = queueErrorOf(error, address);
          throw new ViperError(
            'queue/unreachable',
            `${lost.message} It went away mid-run: ${report.analysed.length} clips were stored, ${pending.size} are still out. Run the same command again once Redis is back: stored clips are skipped and results the workers finished meanwhile are collected.`,
            { subject: '--queue', cause: error },
          );
        }
        for (const { bullJob, ok } of finished) {
          const clip = bullJob.id ? pending.get(bullJob.id) : undefined;
          if (!clip || !bullJob.id) continue;
          if (!ok) {
            const failure = failureOf(bullJob.failedReason, clip.fileId);
            report.failed.push(failure);
            job.recordError(failure);
          } else collect(bullJob.returnvalue, clip);
          pending.delete(bullJob.id);
          done += 1;
          // Once stored, the result leaves Redis; a Redis error here leaves it to be seen as a duplicate next time.
          await bullJob.remove().catch(() => undefined);
          progress(clip.fileId);
        }
      }
      function collect(value: unknown, clip: QueuedClip): void {
        const parsed = queuedResultSchema.safeParse(value);
        if (!parsed.success) {
          const failure: ErrorInfo = { code: 'queue/bad-job', message: `clip ${clip.fileId}: the worker's result is not one this workstation reads (${parsed.error.issues[0]?.message ?? 'bad shape'}): the worker runs another version. Update it to the workstation's.`, subject: clip.fileId };
          report.failed.push(failure);
          job.recordError(failure);
          return;
        }
        const result = parsed.data;
        const outcome = storeQueuedResult(db, result, intake);
        if (!queued.workers.includes(result.worker)) queued.workers.push(result.worker);
        if (outcome === 'stored') {
          report.analysed.push({ clipId: clip.clipId, fileId: clip.fileId, facesFound: result.facesFound, frames: result.frames.length });
          Object.assign(report.providers, result.providers);
        } else if (outcome === 'duplicate') queued.duplicates += 1;
        else if (outcome === 'wrong-signature') {
          const failure: ErrorInfo = { code: 'queue/pack-mismatch', message: `clip ${clip.fileId}: worker ${result.worker} analysed it with another model pack (signature ${result.signature.slice(0, 12)}…); the result was not stored. Give that machine the workstation's pack.`, subject: clip.fileId };
          report.failed.push(failure);
          job.recordError(failure);
        } else queued.dropped.push(`clip ${clip.fileId} (${clip.clipId}): ${outcome === 'clip-deleted' ? 'deleted from the library' : 'its file changed'} while it was queued; the result was dropped.`);
      }
      if (signal.aborted) {
        // Jobs no worker has taken are withdrawn; one in hand finishes and waits in Redis for the resumed run.
        for (const id of pending.keys()) await queue.remove(id).catch(() => 0);
      }
      return finishAnalysis(report, job, signal, started);
    } catch (error) {
      job.finish('failed');
      throw error;
    }
  } finally {
    await route?.close();
    await queue.close().catch(() => undefined);
    connection.disconnect();
    db.close();
  }
}
