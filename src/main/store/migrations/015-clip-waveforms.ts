import type { Migration } from './migration';

/**
 * Each clip's audio waveform for the review screen: peak levels per fixed time bucket, computed once from
 * the decoded audio on first view and kept, so the review never decodes a clip's audio twice.
 */
export const migration015: Migration = {
  version: 15,
  name: 'clip-waveforms',
  up: `
    CREATE TABLE clip_waveforms (
      clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
      bucket_s REAL NOT NULL CHECK (bucket_s > 0),
      peaks BLOB NOT NULL,
      created_at TEXT NOT NULL
    );
  `,
};
