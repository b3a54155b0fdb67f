/**
 * Statements prepared once per connection. A store asks for its SQL by text; the first call on a
 * connection prepares it and later calls get the same statement back, so a store object may be made
 * per call (they are cheap) without re-parsing SQL on every query. The cache lives as long as the
 * connection: a WeakMap keyed by it, so a closed and dropped connection takes its statements along.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

const cache = new WeakMap<Db, Map<string, Statement>>();

function cached(db: Db, key: string, make: () => Statement): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key);
  if (!statement) {
    statement = make();
    statements.set(key, statement);
  }
  return statement;
}

/** The connection's statement for this SQL. Never call pluck()/raw() on it: it is shared; ask for those here. */
export function sql(db: Db, text: string): Statement {
  return cached(db, text, () => db.prepare(text));
}

/** Like sql(), returning the first column of each row only. */
export function sqlPluck(db: Db, text: string): Statement {
  return cached(db, `pluck:${text}`, () => db.prepare(text).pluck());
}

/** Like sql(), returning each row as an array of its columns. */
export function sqlRaw(db: Db, text: string): Statement {
  return cached(db, `raw:${text}`, () => db.prepare(text).raw());
}

/**
 * Runs `work` in a transaction that takes the write lock up front (BEGIN IMMEDIATE). A read-then-write
 * in a deferred transaction cannot wait for another process's write: SQLite refuses the upgrade from
 * reader to writer at once (SQLITE_BUSY, "database is locked") instead of calling the busy handler, since
 * waiting could deadlock. Taken up front, the lock waits out the busy timeout like any single write.
 * Nested inside another transaction it becomes a savepoint, as better-sqlite3's transactions do.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
