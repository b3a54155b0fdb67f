/**
 * `viper worker`: pulls clip-analysis jobs from the lab's queue and runs each through analyseClip in an
 * analysis lane (jobs/analysis-lanes.ts, one per --concurrency slot), returning the tokens. The process's own thread only talks
 * to Redis, so BullMQ's lock on a job in hand is renewed however heavy the analysis: a worker that dies
 * (kill -9, a machine switched off) stops renewing, and after --lock-duration another worker's stalled
 * check hands the job on. A job this worker cannot serve with the workstation's pack goes back untouched,
 * and the worker stops (exit 3) saying why. Failures are thrown as "[code] message" so the workstation
 * records each clip's failure with its code.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { isViperError, ViperError } from '../../shared/errors';
import { MODALITIES } from '../../shared/api';
import { openAnalysisLanes, planLanes } from '../jobs/analysis-lanes';
import { ANALYSIS_QUEUE, checkQueue, type QueueAddress } from './queue-connection';
import { encodeResult, queuedClipSchema, type QueuedResult } from './queued-clip';
import { localMedia, type PathMapping } from './worker-media';

export interface QueueWorkerOptions {
  address: QueueAddress;
  modelsDir: string;
  /** Clips analysed at once, each in its own thread. */
  concurrency: number;
  /** How long a job stays with a worker that stopped answering before another takes it. */
  lockDurationMs: number;
  pathMap: readonly PathMapping[];
  /** Ends the worker: the clips in hand are finished first. */
  signal: AbortSignal;
  log(line: string): void;
}

export interface QueueWorkerSummary {
  analysed: number;
  failed: number;
  /** Why the worker stopped by itself (a pack that differs); null when it was stopped. */
  stoppedBy: ViperError | null;
}

/** A failure as BullMQ records it (failedReason), with the code the workstation reads back. */
export function failureText(error: ViperError): string {
  return `[${error.code}] ${error.message}`;
}

export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  await checkQueue(options.address);
  const lanes = openAnalysisLanes({ modelsDir: options.modelsDir, textCache: null, plan: planLanes(options.concurrency) });
  const summary: QueueWorkerSummary = { analysed: 0, failed: 0, stoppedBy: null };
  try {
    // Every lane loads the pack before the first job is taken: a worker without models stops here (exit 3).
    const warmed = await lanes.warm({ modalities: [...MODALITIES], protocol: 'default', auReference: 'population' });
    options.log(`models ready (${options.modelsDir}): analysis signature ${warmed.signature.slice(0, 12)}… for every modality; execution provider ${[...new Set(Object.values(warmed.providers))].join(', ')}; ${lanes.plan.lanes} lanes × ${lanes.plan.ortThreads} ONNX Runtime threads`);
    const name = `${hostname()}:${process.pid}`;
    const processor = async (job: Job, token?: string): Promise<QueuedResult> => {
      const parsed = queuedClipSchema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(failureText(new ViperError('queue/bad-job', `job ${job.id}: not a clip this worker can read (${parsed.error.issues[0]?.message ?? 'bad shape'} at ${parsed.error.issues[0]?.path.join('.') ?? '?'}): the workstation runs another version. Update both to the same one.`)));
      }
      const clip = parsed.data;
      const abort = new AbortController();
      let media;
      try {
        media = await localMedia(clip, options.pathMap, abort.signal);
        options.log(`clip ${clip.fileId} (${clip.clipId}): started (media by ${media.via})`);
        const started = Date.now();
        const lane = { fileId: clip.fileId, source: { path: media.videoPath, audioPath: media.audioPath }, samples: clip.samples, expectSignature: clip.signature };
        const { models, analysis } = await lanes.analyse(lane, { modalities: clip.modalities, protocol: clip.analysisProtocol, auReference: clip.auReference });
        summary.analysed += 1;
        options.log(`clip ${clip.fileId} (${clip.clipId}): done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return encodeResult(clip, analysis, { worker: name, ...models });
      } catch (error) {
        if (isViperError(error) && error.code === 'queue/pack-mismatch') {
          // Back to the queue for a worker with the right pack; this one takes no more.
          summary.stoppedBy = error;
          void worker.close();
          await job.moveToWait(token);
          throw new WaitingError();
        }
        summary.failed += 1;
        const failure = isViperError(error) ? error : new ViperError('internal', `${name}: ${error instanceof Error ? error.message : String(error)}`);
        options.log(`clip ${clip.fileId} (${clip.clipId}): failed: ${failure.message}`);
        throw new Error(failureText(failure));
      } finally {
        await media?.cleanup();
      }
    };
    const worker = new Worker(ANALYSIS_QUEUE, processor, {
      connection: { ...options.address.options, maxRetriesPerRequest: null },
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.lockDurationMs,
      maxStalledCount: 1,
      autorun: false,
    });
    let redisLost = false;
    worker.on('error', (error) => {
      if (redisLost) return;
      redisLost = true;
      options.log(`Redis at ${options.address.display}: ${error.message}; retrying until it is back (Ctrl-C stops).`);
    });
    worker.on('ready', () => {
      if (redisLost) options.log(`Redis at ${options.address.display} is back.`);
      redisLost = false;
    });
    const stop = (): void => void worker.close();
    options.signal.addEventListener('abort', stop, { once: true });
    options.log(`waiting for clips on ${options.address.display} (queue "${ANALYSIS_QUEUE}", ${options.concurrency} at a time)`);
    await worker.run();
    options.signal.removeEventListener('abort', stop);
    return summary;
  } finally {
    await lanes.close();
  }
}

