/**
 * Opens the workstation's SQLite file: WAL journal, foreign keys on, schema migrated forward.
 * One connection per process; better-sqlite3 is synchronous, so queries never interleave.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ViperError } from '../../shared/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/all-migrations';
import { storeErrorOf } from './store-errors';

export type Db = Database.Database;

const SQLITE_HEADER = 'SQLite format 3\0';

/** Refuses a non-empty file that is not SQLite before better-sqlite3 touches (and maybe rewrites) it. */
function assertSqliteFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new ViperError(
      'store/not-sqlite',
      `${path}: not a ViPER database (the file is not SQLite). Pass another path with --db or VIPER_DB, or move this file away; it was left untouched.`,
      { subject: path },
    );
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertKnownVersion(db: Db): void {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new ViperError(
      'store/newer-version',
      `${db.name}: written by a newer ViPER Workstation (schema ${current}, this version knows up to ${LATEST_SCHEMA_VERSION}). Update the app, or use another database with --db; this one was not changed.`,
      { subject: db.name },
    );
  }
}

/**
 * Applies the migrations after the database's version, up to `target`, each in its own transaction.
 * Each step takes the write lock first and reads the version again under it: two processes opening a
 * new file at once (two `viper import`s) wait for each other, and the second finds the step done.
 */
export function migrate(db: Db, target = LATEST_SCHEMA_VERSION): void {
  assertKnownVersion(db);
  for (const migration of MIGRATIONS.slice(0, target)) {
    // Versions only grow, so a step already applied is skipped without taking the lock.
    if (schemaVersion(db) >= migration.version) continue;
    db.transaction(() => {
      const current = schemaVersion(db);
      if (current >= migration.version) return;
      if (migration.version !== current + 1) {
        throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${current + 1}`);
      }
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export interface OpenStoreOptions {
  /** Migrate only up to this version (tests of a single migration). */
  targetVersion?: number;
  readonly?: boolean;
}

export function openStore(path: string, options: OpenStoreOptions = {}): Db {
  assertSqliteFile(path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db | undefined;
  try {
    // The desktop app runs on Electron's ABI, which needs its own build of the addon (npm run desktop keeps it in .electron-native/).
    const nativeBinding = process.env.VIPER_SQLITE_BINDING;
    db = new Database(path, { readonly: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    // A handle left open would be closed at exit, when its files may be written again with no error to report.
    try {
      db?.close();
    } catch {
      // Closing a handle whose files cannot be written may fail as the open did: the open's error is the one to report.
    }
    const environment = storeErrorOf(error, path);
    if (environment) throw environment;
    const notDb = error instanceof Error && /not a database|file is encrypted/i.test(error.message);
    throw new ViperError(
      notDb ? 'store/not-sqlite' : 'store/open-failed',
      notDb
        ? `${path}: not a ViPER database (SQLite cannot read it). Pass another path with --db or VIPER_DB; the file was left untouched.`
        : `${path}: cannot open the database (${error instanceof Error ? error.message : String(error)}). Check the folder exists and is writable, or pass another path with --db.`,
      { subject: path, cause: error },
    );
  }
  try {
    if (options.readonly) assertKnownVersion(db);
    else migrate(db, options.targetVersion);
  } catch (error) {
    db.close();
    throw storeErrorOf(error, path) ?? error;
  }
  return db;
}
