/** Handler of store.status: what the database holds and what happened lately. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
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
