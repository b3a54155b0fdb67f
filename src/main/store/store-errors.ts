/**
 * SQLite failures that are the environment's, not a bug: a file that cannot be written (read-only,
 * immutable, on a read-only mount), a full disk, a file that cannot be opened, a disk error, a lock
 * held past the busy timeout. Each becomes a ViperError naming the database and the fix, so the CLI
 * exits 3 and `viper serve` answers 503 instead of printing a stack trace. Anything else SQLite
 * throws (a constraint, a syntax error) stays what it is: a bug.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isViperError, ViperError } from '../../shared/errors';

/** Below this much free space an I/O error is read as a full disk: SQLite grows files a page or more at a time. */
const NEARLY_FULL_BYTES = 256 * 1024;

function freeBytes(path: string): number | null {
  try {
    const stats = statfsSync(dirname(path));
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

function diskFull(path: string, error: unknown): ViperError {
  return new ViperError(
    'store/disk-full',
    `${path}: the disk holding the database is full, so the change was not written (what was stored before is intact). Free some space on that disk, or pass another database with --db or VIPER_DB, then run the command again.`,
    { subject: path, cause: error },
  );
}

/** The ViperError for an environment failure of SQLite on the database at `path`; undefined for anything else. */
export function storeErrorOf(error: unknown, path: string): ViperError | undefined {
  if (isViperError(error) || !(error instanceof Database.SqliteError)) return undefined;
  const code = error.code;
  if (code.startsWith('SQLITE_READONLY')) {
    return new ViperError(
      'store/read-only',
      `${path}: the database cannot be written (${error.message}), so the change was not saved. Make the file, its -wal and -shm files and its folder writable (and not immutable: "lsattr ${path}", "chattr -i ${path}"), or pass another database with --db or VIPER_DB.`,
      { subject: path, cause: error },
    );
  }
  if (code === 'SQLITE_FULL') return diskFull(path, error);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    const free = freeBytes(path);
    if (free !== null && free < NEARLY_FULL_BYTES) return diskFull(path, error);
    return new ViperError(
      code.startsWith('SQLITE_CANTOPEN') ? 'store/open-failed' : 'store/io-failed',
      `${path}: SQLite could not read or write the database file (${code}: ${error.message}). Check the disk and that the file, its -wal and -shm files and its folder are writable, or pass another database with --db or VIPER_DB.`,
      { subject: path, cause: error },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ViperError(
      'store/busy',
      `${path}: another process kept the database locked for longer than the wait allowed (${error.message}). Let the other ViPER command finish (see "npx viper status"), then run this one again.`,
      { subject: path, cause: error },
    );
  }
  return undefined;
}

/** Runs `work`, turning an environment failure of SQLite into its ViperError (see storeErrorOf). */
export function withStoreErrors<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storeErrorOf(error, path) ?? error;
  }
}
