/**
 * Finds the Electron runtime for `viper open`. The electron package's install script downloads the
 * binary, which this project never runs (package.json allowScripts), so on most machines it is absent
 * and `viper open` falls back to the browser through `viper serve`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The checkout this file runs from (src/main/cli/ is three folders down). */
const REPO_ROOT_DIR = resolve(import.meta.dirname, '../../..');

/** Electron's build of better-sqlite3, made by `npm run desktop` (scripts/desktop.mjs names the same file). */
const ELECTRON_SQLITE_BINDING = join(REPO_ROOT_DIR, '.electron-native', 'better_sqlite3.node');

/**
 * The Electron executable, the built main entry and the environment the app needs (where its build of
 * better-sqlite3 is), or null when the runtime, the entry or that build is missing.
 */
export function findDesktopRuntime(): { electron: string; mainEntry: string; env: Record<string, string> } | null {
  const mainEntry = join(REPO_ROOT_DIR, 'out', 'main', 'index.js');
  let electron: unknown;
  try {
    // The package's main export is the executable's path; it throws when the binary was never fetched.
    electron = createRequire(import.meta.url)('electron');
  } catch {
    return null;
  }
  if (typeof electron !== 'string' || !existsSync(electron) || !existsSync(mainEntry) || !existsSync(ELECTRON_SQLITE_BINDING)) return null;
  return { electron, mainEntry, env: { VIPER_SQLITE_BINDING: ELECTRON_SQLITE_BINDING } };
}
