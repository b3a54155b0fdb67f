import type { Migration } from './migration';

/**
 * What ffprobe said of a clip's video at import (media/probe.ts's MediaInfo as JSON), so that an analysis
 * of the file as imported starts no ffprobe (one process start per clip, ~5 % of its CPU). It is used only
 * while the file's stat matches the identity recorded with the clip; clips imported before have no row and
 * are probed at each analysis, as before.
 */
export const migration021: Migration = {
  version: 21,
  name: 'clip-probes',
  up: `
    CREATE TABLE clip_probes (
      clip_id INTEGER PRIMARY KEY REFERENCES clips (id) ON DELETE CASCADE,
      media_json TEXT NOT NULL
    );
  `,
};
