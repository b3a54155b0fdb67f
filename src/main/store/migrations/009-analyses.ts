import type { Migration } from './migration';

/**
 * One row per analysed clip: what produced its features (the pipeline signature — models, templates,
 * options — hashed, and spelled out in models_json) and which execution providers ran. Re-running an
 * analysis skips clips whose signature is unchanged.
 */
export const migration009: Migration = {
  version: 9,
  name: 'analyses',
  up: `
    CREATE TABLE analyses (
      clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
      signature TEXT NOT NULL,
      modalities TEXT NOT NULL,
      models_json TEXT NOT NULL,
      providers_json TEXT NOT NULL,
      faces_found INTEGER NOT NULL,
      analysed_at TEXT NOT NULL
    );
  `,
};
