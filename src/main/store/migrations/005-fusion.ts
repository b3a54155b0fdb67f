import type { Migration } from './migration';

/** Fusion training runs and the 7 intensities each run predicted per clip. */
export const migration005: Migration = {
  version: 5,
  name: 'fusion',
  up: `
    CREATE TABLE fusion_runs (
      id INTEGER PRIMARY KEY,
      created_at TEXT NOT NULL,
      kind TEXT NOT NULL,
      modalities TEXT NOT NULL,
      config_json TEXT NOT NULL,
      state TEXT NOT NULL,
      metrics_json TEXT,
      onnx_sha256 TEXT
    );
    CREATE TABLE predictions (
      run_id INTEGER NOT NULL REFERENCES fusion_runs (id) ON DELETE CASCADE,
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      adoration REAL NOT NULL,
      amusement REAL NOT NULL,
      anxiety REAL NOT NULL,
      disgust REAL NOT NULL,
      empathic_pain REAL NOT NULL,
      fear REAL NOT NULL,
      surprise REAL NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, clip_id)
    );
  `,
};
