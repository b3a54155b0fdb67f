/**
 * How a fusion run is named wherever its numbers appear. The prior is an untrained guess, so its name
 * says "prior" outright: nobody should read its Pearson as a trained model's.
 */
import type { ApiOutput } from '../../../shared/api';

export type RunInfo = ApiOutput<'fusion.runs'>['runs'][number];

export function runLabel(run: Pick<RunInfo, 'id' | 'kind' | 'modalities'>): string {
  return run.kind === 'prior' ? `Run ${run.id} · prior (untrained FAU mapping)` : `Run ${run.id} · Perceiver (${run.modalities.join('+')})`;
}

/** The run the screen opens with: the latest finished trained run, else the latest finished prior (as `viper evaluate`). */
export function defaultRun(runs: readonly RunInfo[]): RunInfo | undefined {
  const done = runs.filter((run) => run.state === 'done');
  return done.filter((run) => run.kind === 'perceiver').at(-1) ?? done.at(-1);
}
