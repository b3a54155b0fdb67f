/**
 * A page or CLI action (predict, evaluate, ablate, an export) as a recorded job: started with its
 * parameters, owned by this process (heartbeat), cancellable from anywhere through jobs.cancel, and
 * finished done, cancelled or failed with its error — so the Jobs screen and `viper status` list every action.
 */
import { isViperError, type ErrorInfo } from '../../shared/errors';
import { RunningJob } from '../store/running-job';
import type { ApiContext, CallControls } from './context';

export interface ActionJob {
  job: RunningJob;
  /** The caller's cancel (a closed page, Ctrl-C) and a cancel asked for through jobs.cancel. */
  signal: AbortSignal;
}

function failureInfo(error: unknown, subject: string): ErrorInfo {
  if (isViperError(error)) return { ...error.toInfo(), subject: error.subject ?? subject };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), subject };
}

/** Runs `work` as a job of `kind`; `total` is its progress's unit count (1 for a single step). */
export async function recordedAction<T>(ctx: ApiContext, kind: string, params: object, total: number, controls: CallControls, work: (action: ActionJob) => T | Promise<T>): Promise<T> {
  const job = RunningJob.start(ctx.db, kind, params, total, ctx.now);
  const signal = job.signal(controls.signal);
  try {
    const result = await work({ job, signal });
    job.progress(total, total);
    job.finish(signal.aborted ? 'cancelled' : 'done');
    return result;
  } catch (error) {
    if (signal.aborted || (isViperError(error) && error.code === 'jobs/cancelled')) job.finish('cancelled');
    else {
      job.recordError(failureInfo(error, `${kind} job ${job.id}`));
      job.finish('failed');
    }
    throw error;
  }
}
