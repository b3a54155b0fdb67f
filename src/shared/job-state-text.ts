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

export interface JobPaceFacts {
  state: string;
  done: number;
  total: number;
  startedAt: string;
}

/** Rounded the way people say it: seconds under two minutes, minutes under two hours, then hours. */
function durationText(seconds: number): string {
  if (seconds < 120) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * A running job's time left at the pace it has kept since it started ("about 4 min left"), for `viper status`
 * and the Jobs screen; null until an item is done, and for a job that is not running.
 */
export function jobEtaText(job: JobPaceFacts, nowMs: number): string | null {
  const elapsedS = (nowMs - Date.parse(job.startedAt)) / 1000;
  if (job.state !== 'running' || job.done <= 0 || job.done >= job.total || !(elapsedS > 0)) return null;
  return `about ${durationText((elapsedS / job.done) * (job.total - job.done))} left`;
}
