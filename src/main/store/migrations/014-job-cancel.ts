import type { Migration } from './migration';

/**
 * A cancel asked for from anywhere (the Jobs screen, another terminal): the job's owner reads it on its
 * next heartbeat or progress and stops as Ctrl-C would, so a job can be stopped by whoever sees it.
 */
export const migration014: Migration = {
  version: 14,
  name: 'job-cancel',
  up: `ALTER TABLE jobs ADD COLUMN cancel_requested_at TEXT;`,
};
