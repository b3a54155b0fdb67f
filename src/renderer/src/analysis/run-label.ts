/**
 * How a fusion run is named wherever its numbers appear: its id and its name (the user's, else the default
 * from modalities, preset and time). The prior is an untrained guess, so its label says "prior" outright
 * whatever it was named: nobody should read its Pearson as a trained model's.
 */
import type { ApiOutput } from '../../../shared/api';

export type RunInfo = ApiOutput<'fusion.runs'>['runs'][number];

export const PRIOR_MARK = 'prior (untrained FAU mapping)';

export function runLabel(run: Pick<RunInfo, 'id' | 'kind' | 'name' | 'nameIsDefault'>): string {
  return run.kind === 'prior' && !run.nameIsDefault ? `Run ${run.id} · ${run.name} · ${PRIOR_MARK}` : `Run ${run.id} · ${run.name}`;
}

/** The run the screen opens with: the latest finished trained run, else the latest finished prior (as `viper evaluate`). */
export function defaultRun(runs: readonly RunInfo[]): RunInfo | undefined {
  const done = runs.filter((run) => run.state === 'done');
  return done.filter((run) => run.kind === 'perceiver').at(-1) ?? done.at(-1);
}
