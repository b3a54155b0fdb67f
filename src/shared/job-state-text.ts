/**
 * A job's state as people read it, for `viper status` and the Jobs screen alike: the state plus what it
 * would otherwise hide ("done, 1 failed", "running, cancel asked"). Kept free of zod so the page can use it.
 */
export interface JobStateFacts {
  state: string;
  /** Items (files, clips, rows) the job recorded as failed. */
  failed: number;
  cancelRequested: boolean;
}

export function jobStateText(job: JobStateFacts): string {
  const notes = [...(job.failed > 0 ? [`${job.failed} failed`] : []), ...(job.cancelRequested && job.state === 'running' ? ['cancel asked'] : [])];
  return [job.state, ...notes].join(', ');
}
