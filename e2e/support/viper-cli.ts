/** Runs the `viper` command of this checkout on a database, as a user would, and returns what it printed. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/main/test-support/fixtures';

export function viperCli(dbPath: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}
