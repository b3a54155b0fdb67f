/**
 * VIPER_SQLITE_BINDING points better-sqlite3 at another build of its addon (the desktop app's Electron
 * build, kept in .electron-native/ by npm run desktop). Here: Node's own build by path, and a missing file.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { openStore } from './database';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
afterEach(() => {
  delete process.env.VIPER_SQLITE_BINDING;
});

describe('VIPER_SQLITE_BINDING', () => {
  it('opens the store with the addon build it names', () => {
    process.env.VIPER_SQLITE_BINDING = join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const db = openStore(join(temp.dir, 'bound.db'));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('fails naming the missing build', () => {
    process.env.VIPER_SQLITE_BINDING = join(temp.dir, 'missing', 'better_sqlite3.node');
    expect(() => openStore(join(temp.dir, 'unbound.db'))).toThrow(/missing\/better_sqlite3\.node/);
  });
});
