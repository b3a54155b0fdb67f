import type { Migration } from './migration';

/**
 * Small JPEG pictures of each clip's sampled frames for the review's frame strip, made once on first
 * view and kept (by frame index, so a re-sampling that keeps a frame keeps its picture).
 */
export const migration016: Migration = {
  version: 16,
  name: 'frame-thumbnails',
  up: `
    CREATE TABLE frame_thumbnails (
      clip_id INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
      frame_index INTEGER NOT NULL,
      jpeg BLOB NOT NULL,
      PRIMARY KEY (clip_id, frame_index)
    );
  `,
};
