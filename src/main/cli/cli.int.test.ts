/** The `viper` command as a user runs it: a real process, a real database file, real ffmpeg. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { FIXTURES_DIR, REPO_ROOT, ffmpegMake, makeTempDir } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const db = join(temp.dir, 'cli.db');

function viper(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, VIPER_DB: db, VIPER_USER: 'cli-tester', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('viper CLI', () => {
  it('imports a folder, prints the failures, and exits 1 because two files were not videos', () => {
    const labels = join(temp.dir, 'labels.csv');
    writeFileSync(labels, `File_ID,Split,${EMOTIONS.join(',')}\n[single_face],Train,0.1,0.9,0,0,0,0,0.25\n`);
    const run = viper(['import', FIXTURES_DIR, '--labels', labels]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 imported, 0 resampled, 0 unchanged, 2 failed (of 6 files found');
    expect(run.stdout).toMatch(/✗ .*multi_face\.jpg: a still image/);
    expect(run.stdout).toContain('1 rows applied, 0 unchanged, 0 conflicting, 0 rejected');
  });

  it('re-imports as a no-op, in JSON', () => {
    const run = viper(['--json', 'import', FIXTURES_DIR]);
    const report = JSON.parse(run.stdout) as { imported: unknown[]; unchanged: unknown[]; failed: unknown[] };
    expect([report.imported.length, report.unchanged.length, report.failed.length]).toEqual([0, 4, 2]);
  });

  it('lists, shows and reports status', () => {
    const list = JSON.parse(viper(['--json', 'list', '--split', 'Train']).stdout) as { total: number; clips: { fileId: string; labels: Record<string, number> }[] };
    expect(list.total).toBe(1);
    expect(list.clips[0]).toMatchObject({ fileId: 'single_face', labels: { Amusement: 0.9 } });
    const text = viper(['list']).stdout;
    expect(text).toMatch(/WolfgangLanger_Pexels\s+–\s+19\.69\s+23\.98\s+640×360\s+silent\s+32 paper/);
    const show = viper(['show', 'single_face']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('2.430 s, 72 frames');
    expect(show.stdout).toContain('analysis: none yet (run "npx viper analyze")');
    expect(show.stdout).toContain('attribution: none (no trained run has predicted this clip with attribution');
    expect(show.stdout.trim().split('\n')).toHaveLength(8 + 1 + 32 + 1);
    const status = viper(['status']).stdout;
    expect(status).toMatch(/4 clips: Train 1, Val 0, Test 0, no split 3; 1 labelled/);
    expect(status).toContain('media/image-not-video');
  });

  it('exports the labels in the CSV layout', () => {
    const out = join(temp.dir, 'out.csv');
    const run = viper(['export-labels', '--out', out]);
    expect(run.stdout).toBe(`1 rows written to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(`File_ID,Split,${EMOTIONS.join(',')}\n[single_face],Train,0.1,0.9,0,0,0,0,0.25\n`);
  });

  it('shows a clip whose file moved as moved or changed, and relocates it when imported from its new place', () => {
    const [before, after] = [join(temp.dir, 'before'), join(temp.dir, 'after')];
    mkdirSync(before);
    mkdirSync(after);
    ffmpegMake(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=30:duration=1', '-pix_fmt', 'yuv420p', join(before, 'wanderer.mp4')]);
    expect(viper(['import', join(before, 'wanderer.mp4')]).code).toBe(0);
    renameSync(join(before, 'wanderer.mp4'), join(after, 'wanderer.mp4'));
    const show = viper(['show', 'wanderer']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`file moved or changed: clip wanderer: its video ${join(before, 'wanderer.mp4')} is no longer there`);
    expect(viper(['list', '--search', 'wanderer']).stdout).toMatch(/wanderer .*moved or changed\n[\s\S]*1 moved or changed: .*npx viper import <new path>/);
    const relocate = viper(['import', join(after, 'wanderer.mp4')]);
    expect(relocate.stdout).toMatch(/0 imported, 0 resampled, 1 relocated, 0 unchanged, 0 failed[\s\S]*↪ clip \d+ relocated to .*after\/wanderer\.mp4/);
    const shown = viper(['show', 'wanderer']).stdout;
    expect(shown).toContain(`file ${join(after, 'wanderer.mp4')}\n`);
    expect(shown).not.toContain('moved or changed');
  });

  it('documents every option in --help', () => {
    const help = viper(['import', '--help']).stdout;
    for (const option of ['--labels', '--annotator', '--frames', '--sampling', 'Exit codes']) expect(help).toContain(option);
    expect(viper(['--help']).stdout).toMatch(/import[\s\S]*list[\s\S]*show[\s\S]*status[\s\S]*export-labels/);
  });

  it('exits 2 on bad usage and bad input, naming what is wrong', () => {
    const badCount = viper(['import', FIXTURES_DIR, '--frames', 'many']);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('"many" is not a positive whole number');
    const badMethod = viper(['import', FIXTURES_DIR, '--sampling', 'random']);
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr).toContain('sampling.method');
    expect(viper(['show', 'nope']).stderr).toContain('clip nope: not in the database');
  });

  it('exits 3 with one message naming every place when ffmpeg cannot be found', () => {
    const other = join(temp.dir, 'other.db');
    const run = viper(['--db', other, 'import', FIXTURES_DIR], { PATH: temp.dir, VIPER_FFMPEG: '/nonexistent/ffmpeg' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/ffmpeg not found\. Tried: VIPER_FFMPEG: .*ffmpeg-static.*PATH/);
  });

  it('exits 3 and leaves a file that is not a database alone', () => {
    const notDb = join(temp.dir, 'notes.txt');
    writeFileSync(notDb, 'my notes');
    const run = viper(['--db', notDb, 'status']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('not a ViPER database');
    expect(readFileSync(notDb, 'utf8')).toBe('my notes');
  });
});
