/**
 * Finds the Electron runtime for `viper open`. The electron package's install script downloads the
 * binary, which this project never runs (package.json allowScripts), so on most machines it is absent
 * and `viper open` falls back to the browser through `viper serve`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT_DIR } from './renderer-dir';

/** The Electron executable and the built main entry, or null when either is missing. */
export function findDesktopRuntime(): { electron: string; mainEntry: string } | null {
  const mainEntry = join(REPO_ROOT_DIR, 'out', 'main', 'index.js');
  let electron: unknown;
  try {
    // The package's main export is the executable's path; it throws when the binary was never fetched.
    electron = createRequire(import.meta.url)('electron');
  } catch {
    return null;
  }
  if (typeof electron !== 'string' || !existsSync(electron) || !existsSync(mainEntry)) return null;
  return { electron, mainEntry };
}
