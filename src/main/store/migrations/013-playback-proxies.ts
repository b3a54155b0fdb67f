import type { Migration } from './migration';

/**
 * One row per clip that has had a playback proxy made (an H.264 + AAC copy for a page that cannot decode
 * the original's codec): where it is, and whether the build succeeded. A clip without a row has none.
 * The file is named by the clip's content hash (kept here too, so a row always names its own file), and
 * the row goes with the clip.
 */
export const migration013: Migration = {
  version: 13,
  name: 'playback-proxies',
  up: `
    CREATE TABLE playback_proxies (
      clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
      content_hash TEXT NOT NULL,
      path TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('ready', 'failed')),
      error_code TEXT,
      error_message TEXT,
      job_id INTEGER,
      created_at TEXT NOT NULL
    );
  `,
};
