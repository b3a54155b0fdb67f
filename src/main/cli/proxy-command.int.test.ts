/** `--proxy` on `viper import` and `viper proxy`, as a user runs them: real processes, database and ffmpeg. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

function viper(db: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', db, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('playback copies from the CLI', () => {
  it('viper import makes the copy an HEVC clip needs by default, and none with --proxy none', () => {
    const made = viper(join(temp.dir, 'a.db'), ['--json', 'import', fixture('face_noface.mov')]);
    expect(made.code).toBe(0);
    const report = JSON.parse(made.stdout) as { proxies: { made: { path: string }[] } };
    expect(report.proxies.made).toHaveLength(1);
    expect(report.proxies.made[0]!.path.startsWith(join(temp.dir, 'proxies'))).toBe(true);

    const none = viper(join(temp.dir, 'b.db'), ['--json', 'import', fixture('face_noface.mov'), '--proxy', 'none']);
    expect(JSON.parse(none.stdout)).toMatchObject({ proxies: null });
    const refused = viper(join(temp.dir, 'b.db'), ['import', fixture('face_noface.mov'), '--proxy', 'sometimes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"sometimes" is not one of needed, all, none');
  }, 120_000);

  it('viper proxy names a file that changed since import, exits 1, and no copy is served in its place', () => {
    const db = join(temp.dir, 'c.db');
    const copy = join(temp.dir, 'changed.mov');
    copyFileSync(fixture('face_noface.mov'), copy);
    expect(viper(db, ['import', copy, '--proxy', 'none']).code).toBe(0);
    truncateSync(copy, 1000);
    const run = viper(db, ['proxy', 'changed']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 made, 0 already made, 1 failed');
    expect(run.stdout).toContain(`✗ ${copy}: could not make a playback copy (the file changed since it was imported as clip changed)`);
    const shown = JSON.parse(viper(db, ['--json', 'show', 'changed']).stdout) as { playback: { source: string; proxyState: string } };
    expect(shown.playback).toMatchObject({ source: 'original', proxyState: 'failed' });
  }, 120_000);
});
