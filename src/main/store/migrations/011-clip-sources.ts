import type { Migration } from './migration';

/**
 * Where a clip's audio comes from when the video has no track of its own (the ABAW5 copy of
 * Hume-Reaction ships silent mp4s beside <split>/wav/<id>.wav), and the per-clip metadata columns a
 * labels file carries besides the labels (Age, Country), as key/value rows so that any column can be
 * filtered on.
 */
export const migration011: Migration = {
  version: 11,
  name: 'clip-sources',
  up: `
    -- NULL: the audio is the video file's own track (or there is none).
    ALTER TABLE clips ADD COLUMN audio_path TEXT;
    CREATE TABLE clip_metadata (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (clip_id, key)
    );
    CREATE INDEX clip_metadata_key_value ON clip_metadata (key, value);
  `,
};
