import type { Migration } from './migration';

/**
 * The N sampled frames of a clip with their audio fragments. The face columns stay NULL until the
 * feature pipeline has run. The sampling that produced the rows is recorded on the clip.
 */
export const migration003: Migration = {
  version: 3,
  name: 'frames',
  up: `
    ALTER TABLE clips ADD COLUMN sampling_method TEXT NOT NULL DEFAULT 'paper';
    ALTER TABLE clips ADD COLUMN sample_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE clips ADD COLUMN audio_silent INTEGER;
    CREATE TABLE frames (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      sample_index INTEGER NOT NULL,
      target_time_s REAL NOT NULL,
      frame_index INTEGER NOT NULL,
      frame_time_s REAL NOT NULL,
      audio_start_s REAL NOT NULL,
      audio_end_s REAL NOT NULL,
      audio_pad_to_s REAL,
      audio_rms_db REAL,
      face_x REAL,
      face_y REAL,
      face_w REAL,
      face_h REAL,
      face_score REAL,
      PRIMARY KEY (clip_id, sample_index)
    );
  `,
};
