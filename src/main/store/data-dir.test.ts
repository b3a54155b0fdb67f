import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDbPath } from './data-dir';

describe('database location', () => {
  it('prefers --db, then VIPER_DB, then the user data folder', () => {
    expect(resolveDbPath('/a.db', { VIPER_DB: '/b.db' })).toBe('/a.db');
    expect(resolveDbPath(undefined, { VIPER_DB: '/b.db' })).toBe('/b.db');
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe(join('/cfg', 'viper-workstation', 'viper.db'));
  });

  it("uses the folder Electron gives the app as userData on each platform", () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'viper-workstation'));
    expect(defaultDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'viper-workstation'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\me\\AppData\\Roaming', 'viper-workstation'));
  });
});
