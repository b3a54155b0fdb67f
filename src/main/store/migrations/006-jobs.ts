import type { Migration } from './migration';

/** Long-running work (import, analysis, training) and the per-item errors it met. */
export const migration006: Migration = {
  version: 6,
  name: 'jobs',
  up: `
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
      params_json TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0,
      total INTEGER NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL,
      finished_at TEXT
    );
    CREATE TABLE job_errors (
      id INTEGER PRIMARY KEY,
      job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      subject TEXT,
      code TEXT NOT NULL,
      message TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX job_errors_job ON job_errors (job_id);
  `,
};
