import type { Migration } from './migration';

/**
 * Labels per clip and annotator ('gold' is the reference), one column per emotion, and every change
 * to a value kept in label_edits. `version` lets a later save detect that someone else saved first.
 */
export const migration002: Migration = {
  version: 2,
  name: 'labels',
  up: `
    -- The File_ID exactly as the labels CSV wrote it (e.g. "[00001]"), so export writes it back the same.
    ALTER TABLE clips ADD COLUMN label_file_id TEXT;
    CREATE TABLE labels (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      annotator TEXT NOT NULL,
      adoration REAL CHECK (adoration BETWEEN 0 AND 1),
      amusement REAL CHECK (amusement BETWEEN 0 AND 1),
      anxiety REAL CHECK (anxiety BETWEEN 0 AND 1),
      disgust REAL CHECK (disgust BETWEEN 0 AND 1),
      empathic_pain REAL CHECK (empathic_pain BETWEEN 0 AND 1),
      fear REAL CHECK (fear BETWEEN 0 AND 1),
      surprise REAL CHECK (surprise BETWEEN 0 AND 1),
      version INTEGER NOT NULL DEFAULT 1,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      PRIMARY KEY (clip_id, annotator)
    );
    CREATE TABLE label_edits (
      id INTEGER PRIMARY KEY,
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      annotator TEXT NOT NULL,
      emotion TEXT NOT NULL,
      old_value REAL,
      new_value REAL,
      edited_by TEXT NOT NULL,
      edited_at TEXT NOT NULL,
      source TEXT NOT NULL
    );
    CREATE INDEX label_edits_clip ON label_edits (clip_id, edited_at);
  `,
};
