import type { Migration } from './migration';

/**
 * The identity of each clip's file as imported, so that media is served only while the file is the one
 * imported (media/clip-file.ts): path now holds the real path (links resolved), import_path the path as
 * the user gave it (NULL when the same, and on rows from before). size_bytes was already stored.
 * dev and ino are decimal text: both are unsigned 64-bit and may not fit SQLite's signed INTEGER.
 * Rows from before have NULL identity, which the first serve treats as unknown and settles by the hash.
 * file_state is what the last check found, so that a list of 25k clips shows it without a stat each.
 */
export const migration012: Migration = {
  version: 12,
  name: 'clip-identity',
  up: `
    ALTER TABLE clips ADD COLUMN import_path TEXT;
    ALTER TABLE clips ADD COLUMN file_mtime_ms REAL;
    ALTER TABLE clips ADD COLUMN file_dev TEXT;
    ALTER TABLE clips ADD COLUMN file_ino TEXT;
    ALTER TABLE clips ADD COLUMN file_state TEXT NOT NULL DEFAULT 'ok' CHECK (file_state IN ('ok', 'moved-or-changed'));
  `,
};
