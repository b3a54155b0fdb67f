import type { Migration } from './migration';

/**
 * Who runs each job, so that a job whose process died (kill -9, a crash, a closed window) reads
 * "interrupted" instead of "running" forever: the owner's pid, host name and process start (so a reused
 * pid is not taken for the owner), and a heartbeat the owner refreshes while it runs. A fusion run
 * points at the job that trains it and shares that job's owner.
 */
export const migration010: Migration = {
  version: 10,
  name: 'job-owners',
  up: `
    ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
    ALTER TABLE jobs ADD COLUMN owner_host TEXT;
    ALTER TABLE jobs ADD COLUMN owner_started TEXT;
    ALTER TABLE jobs ADD COLUMN heartbeat_at TEXT;
    ALTER TABLE fusion_runs ADD COLUMN job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL;
    CREATE INDEX fusion_runs_job ON fusion_runs (job_id);
  `,
};
