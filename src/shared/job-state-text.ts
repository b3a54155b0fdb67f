/**
 * A job's state as people read it, for `viper status` and the Jobs screen alike: the state plus what it
 * would otherwise hide ("done, 1 failed", "running, cancel asked"). Kept free of zod so the page can use it.
 */
export interface JobStateFacts {
  state: string;
  /** Items (files, clips, rows) the job recorded as failed. */
  failed: number;
  /** Label values an import kept (edited in the app) instead of the CSV's. */
  conflictsKept?: number;
  cancelRequested: boolean;
}

export function jobStateText(job: JobStateFacts): string {
  const kept = job.conflictsKept ?? 0;
  const notes = [
    ...(job.failed > 0 ? [`${job.failed} failed`] : []),
    ...(kept > 0 ? [`${kept} label conflict${kept === 1 ? '' : 's'} kept`] : []),
    ...(job.cancelRequested && job.state === 'running' ? ['cancel asked'] : []),
  ];
  return [job.state, ...notes].join(', ');
}
