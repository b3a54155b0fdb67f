/** `--protocol` as a user types it: a real viper process, a real database file, real ffmpeg on a fixture. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const db = join(temp.dir, 'protocol.db');

function viper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], { encoding: 'utf8', env: { ...process.env, VIPER_DB: db, VIPER_USER: 'cli-tester' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('viper --protocol', () => {
  it('imports with the authors-code sampling: their windows over the decoded samples', () => {
    const run = viper(['import', fixture('single_face.mp4'), '--protocol', 'authors-code']);
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse(viper(['--json', 'show', 'single_face']).stdout) as { samplingMethod: string; samples: { audioStartS: number; audioEndS: number; audioPadToS: number | null }[] };
    expect(shown.samplingMethod).toBe('authors-code');
    // 38 696 decoded samples: W = 2·38696/33; the first window [0, 2345), the second [1172, 3517), each padded to 1 s.
    expect(shown.samples.slice(0, 2).map((s) => [Math.round(s.audioStartS * 16_000), Math.round(s.audioEndS * 16_000), s.audioPadToS])).toEqual([
      [0, 2345, 1],
      [1172, 3517, 1],
    ]);
  });

  it('refuses a --sampling that contradicts --protocol, and an unknown profile, exit 2 naming them', () => {
    const both = viper(['import', fixture('single_face.mp4'), '--protocol', 'authors-code', '--sampling', 'paper']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--protocol authors-code samples with "authors-code", but --sampling paper was given too/);
    const unknown = viper(['analyze', '--protocol', 'theirs']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"theirs" is not one of default, authors-code');
  });

  it('documents --protocol on import, analyze, train, ablate and open', () => {
    for (const command of ['import', 'analyze', 'train', 'ablate', 'open']) expect(viper([command, '--help']).stdout, command).toContain('--protocol <profile>');
  });
});
