/**
 * `viper analyze --au-reference` and the FAU masks as a user meets them: a real process, a real database,
 * real ffmpeg and models, on a clip made from single_face.jpg whose window moves up until the chin leaves
 * the picture (the face spans y 180–394 of the photo; the 330-pixel window reaches y = 0 at 1.5 s).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, ffmpegMake, fixture, makeTempDir } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const db = join(temp.dir, 'cli.db');

function viper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], { encoding: 'utf8', env: { ...process.env, VIPER_DB: db, VIPER_USER: 'cli-tester' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('viper analyze --au-reference', () => {
  it('refuses a reference it does not know, naming the ones it does', () => {
    const run = viper(['analyze', '--au-reference', 'mirror']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"mirror" is not one of population, clip');
  });

  it('measures against the population by default, shows the frames it masked and why, and re-analyses when the reference changes', () => {
    const clip = join(temp.dir, 'chin-leaves.mp4');
    ffmpegMake(['-loop', '1', '-framerate', '10', '-i', fixture('single_face.jpg'), '-t', '2', '-vf', "crop=572:330:0:'max(0,180-120*t)'", '-pix_fmt', 'yuv420p', clip]);
    expect(viper(['import', clip, '--proxy', 'none']).code).toBe(0);
    const analysed = viper(['analyze', '--modalities', 'image,fau']);
    expect(analysed.code, analysed.stderr).toBe(0);
    const show = viper(['show', 'chin-leaves']);
    const rows = show.stdout.split('\n').filter((line) => /^\s*\d+\s/.test(line));
    expect(rows).toHaveLength(32);
    // The first frames show the whole smiling face; the last ones have lost the chin.
    expect(rows[0]).toMatch(/AU(12|06|25) 0\.[6-9]\d|AU(12|06|25) 1\.00/);
    expect(rows.at(-1)).toContain('masked: out-of-frame');
    expect(show.stdout).toContain('AUs masked (out-of-frame): part of the face the AUs are measured on lies outside the picture.');
    const json = JSON.parse(viper(['--json', 'show', 'chin-leaves']).stdout) as { analysis: { models: Record<string, string> } };
    expect(json.analysis.models.fau).toContain('+au-reference:population+');

    expect(viper(['analyze', '--modalities', 'image,fau']).stdout).toContain('0 analysed, 1 already up to date');
    const byClip = viper(['analyze', '--modalities', 'image,fau', '--au-reference', 'clip']);
    expect(byClip.stdout).toContain('1 analysed, 0 already up to date');
    const again = JSON.parse(viper(['--json', 'show', 'chin-leaves']).stdout) as { analysis: { models: Record<string, string> } };
    expect(again.analysis.models.fau).toContain('+au-reference:clip+');
  }, 300_000);
});
