/**
 * Where the database lives by default: the same per-user folder Electron uses as userData for this
 * app ("viper-workstation"), so the desktop app, the CLI and `viper serve` share one store.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'viper-workstation';
export const DB_FILE_NAME = 'viper.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

/** --db wins over VIPER_DB, which wins over the default data folder. */
export function resolveDbPath(dbOption: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (dbOption) return dbOption;
  if (env.VIPER_DB) return env.VIPER_DB;
  return join(defaultDataDir(env), DB_FILE_NAME);
}
