import type { Migration } from './migration';

/**
 * A fusion run's name as the user gave it (NULL: the default made from its modalities, preset and time,
 * shared/run-name.ts); with every prediction its uncertainty, the mean over the 7 emotions of the standard
 * deviation of the last epochs' checkpoints' predictions (fusion/uncertainty.ts), NULL where not measured
 * (the prior, a run trained before checkpoints were kept); and the runs deleted, so that a deleted run's id
 * is never given to a new run (labels' history says accepted:<run>, jobs name their run by id).
 */
export const migration020: Migration = {
  version: 20,
  name: 'run-names-uncertainty',
  up: `
    ALTER TABLE fusion_runs ADD COLUMN name TEXT;
    ALTER TABLE predictions ADD COLUMN uncertainty REAL;
    CREATE TABLE deleted_runs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      predictions INTEGER NOT NULL,
      deleted_at TEXT NOT NULL,
      deleted_by TEXT NOT NULL
    );
  `,
};
