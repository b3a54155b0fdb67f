/** Handlers of the runs calls: rename, delete (with the run's files), compare two runs. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { compareRuns } from '../fusion/compare-runs';
import { deleteRun } from '../fusion/delete-run';
import { RunsStore } from '../store/runs-store';
import type { ApiContext } from './context';

export function renameRunHandler(input: ApiParsedInput<'runs.rename'>, ctx: ApiContext): ApiOutput<'runs.rename'> {
  const run = new RunsStore(ctx.db).rename(input.run, input.name === '' ? null : input.name);
  return { id: run.id, name: run.name, nameIsDefault: run.customName === null };
}

export function deleteRunHandler(input: ApiParsedInput<'runs.delete'>, ctx: ApiContext): ApiOutput<'runs.delete'> {
  return deleteRun(ctx, input.run);
}

export function compareRunsHandler(input: ApiParsedInput<'runs.compare'>, ctx: ApiContext): ApiOutput<'runs.compare'> {
  return compareRuns(ctx.db, input);
}
