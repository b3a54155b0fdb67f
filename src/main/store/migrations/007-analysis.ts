import type { Migration } from './migration';

/**
 * What the feature pipeline records beside the tokens: per sampled frame the head pose, a summary of
 * the landmarks (33 key points, x/y float32 in frame pixels) and the speech probability of its audio
 * fragment; and a cache of text embeddings keyed by model and text hash, so each caption template is
 * embedded once, not per frame or per clip.
 */
export const migration007: Migration = {
  version: 7,
  name: 'analysis',
  up: `
    ALTER TABLE frames ADD COLUMN head_yaw_deg REAL;
    ALTER TABLE frames ADD COLUMN head_pitch_deg REAL;
    ALTER TABLE frames ADD COLUMN head_roll_deg REAL;
    ALTER TABLE frames ADD COLUMN landmarks33 BLOB;
    ALTER TABLE frames ADD COLUMN speech_prob REAL;
    CREATE TABLE text_embeddings (
      model_id TEXT NOT NULL,
      text_sha256 TEXT NOT NULL,
      text TEXT NOT NULL,
      dims INTEGER NOT NULL,
      vector BLOB NOT NULL,
      PRIMARY KEY (model_id, text_sha256)
    );
  `,
};
