/** Handlers of store.status (what the database holds and what happened lately) and jobs.cancel. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { ClipsStore } from '../store/clips-store';
import { schemaVersion } from '../store/database';
import { JobsStore } from '../store/jobs-store';
import { LabelsStore } from '../store/labels-store';
import type { ApiContext } from './context';

const RECENT_JOBS = 10;

export function statusHandler(input: ApiParsedInput<'store.status'>, ctx: ApiContext): ApiOutput<'store.status'> {
  const counts = new ClipsStore(ctx.db).counts();
  const jobs = new JobsStore(ctx.db);
  return {
    dbPath: ctx.dbPath,
    schemaVersion: schemaVersion(ctx.db),
    clips: counts.clips,
    bySplit: counts.bySplit,
    labelled: new LabelsStore(ctx.db).countLabelled('gold'),
    withAudio: counts.withAudio,
    jobs: jobs.recent(RECENT_JOBS),
    recentErrors: jobs.recentErrors(input.recentErrors),
  };
}

/** Asks a running job's owner to stop; it does so at its next item (see RunningJob). */
export function cancelJobHandler(input: ApiParsedInput<'jobs.cancel'>, ctx: ApiContext): ApiOutput<'jobs.cancel'> {
  const jobs = new JobsStore(ctx.db);
  const current = jobs.stateOf(input.job);
  if (!current) throw new ViperError('jobs/not-found', `job ${input.job}: not in the database ${ctx.dbPath}. "viper status" lists the recent jobs.`, { subject: 'job' });
  if (current.state !== 'running' || !jobs.requestCancel(input.job, ctx.now())) {
    throw new ViperError('jobs/not-running', `job ${input.job} is ${current.state}, not running: there is nothing to cancel.${current.state === 'interrupted' ? ' Its process is already gone.' : ''}`, { subject: 'job' });
  }
  return { jobId: input.job, requested: true };
}
