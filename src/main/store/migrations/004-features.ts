import type { Migration } from './migration';

/**
 * What the feature pipeline produces: models it used, per-clip feature tensors (one row per
 * modality, raw little-endian blob with its shape and dtype) and the caption chosen per frame.
 */
export const migration004: Migration = {
  version: 4,
  name: 'features',
  up: `
    CREATE TABLE models (
      id TEXT PRIMARY KEY,
      stage TEXT NOT NULL,
      path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      manifest_json TEXT NOT NULL,
      installed_at TEXT NOT NULL
    );
    CREATE TABLE features (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      modality TEXT NOT NULL,
      model_id TEXT NOT NULL,
      shape_json TEXT NOT NULL,
      dtype TEXT NOT NULL,
      data BLOB NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (clip_id, modality)
    );
    CREATE TABLE captions (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      sample_index INTEGER NOT NULL,
      template_id TEXT NOT NULL,
      text TEXT NOT NULL,
      score REAL NOT NULL,
      PRIMARY KEY (clip_id, sample_index)
    );
  `,
};
