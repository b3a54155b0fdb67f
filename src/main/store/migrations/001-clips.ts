import type { Migration } from './migration';

/** Clips: one row per distinct video content (content_hash), with what ffprobe said about it. */
export const migration001: Migration = {
  version: 1,
  name: 'clips',
  up: `
    CREATE TABLE clips (
      id INTEGER PRIMARY KEY,
      file_id TEXT NOT NULL,
      path TEXT NOT NULL,
      content_hash TEXT NOT NULL UNIQUE,
      size_bytes INTEGER NOT NULL,
      container TEXT NOT NULL,
      duration_s REAL NOT NULL,
      fps REAL NOT NULL,
      frame_count INTEGER NOT NULL,
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      rotation_deg INTEGER NOT NULL DEFAULT 0,
      video_codec TEXT NOT NULL,
      audio_codec TEXT,
      audio_sample_rate INTEGER,
      has_audio INTEGER NOT NULL CHECK (has_audio IN (0, 1)),
      split TEXT CHECK (split IN ('Train', 'Val', 'Test')),
      imported_at TEXT NOT NULL
    );
    CREATE INDEX clips_file_id ON clips (file_id);
    CREATE INDEX clips_split ON clips (split);
  `,
};
