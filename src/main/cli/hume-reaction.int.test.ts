/**
 * Hume-Reaction as labs hold it, imported with one `viper` command per layout, through the real CLI,
 * real ffmpeg and a real database: the ABAW5 / ViPER copy (one data_info.csv with Age and Country,
 * <split>/mp4/ videos and <split>/wav/ sound) and the MuSe 2022 baseline (c2_muse_reaction/labels.csv
 * without splits beside partition.csv). The clips are the shared fixtures, renamed to 5-digit ids; the
 * Test clip has no audio track (made with ffmpeg -an) and its sound in a .wav beside it, as shipped.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api';
import { EMOTIONS } from '../../shared/emotions';
import { ffmpegMake, fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

function viper(db: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, VIPER_USER: 'hume-tester' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = <T>(run: { stdout: string; stderr: string }): T => {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`not JSON: ${run.stdout}\n${run.stderr}`);
  }
};

/** The clips every layout holds: 00001 Train and 00002 Val with sound in the video; 00003 and 00004 Test. */
const media = join(temp.dir, 'media');
function makeMedia(): void {
  mkdirSync(media);
  copyFileSync(fixture('single_face.mp4'), join(media, '00001.mp4'));
  copyFileSync(fixture('no_face.mp4'), join(media, '00002.mp4'));
  ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', join(media, '00003.mp4')]);
  // A 440 Hz tone: the sidecar's sound must be what the clip's audio fragments measure.
  ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000:duration=2.4', '-c:a', 'pcm_s16le', join(media, '00003.wav')]);
  ffmpegMake(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=30:duration=1', '-f', 'lavfi', '-i', 'sine=duration=1', '-shortest', '-pix_fmt', 'yuv420p', join(media, '00004.mp4')]);
}

function place(name: string, to: string): string {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(media, name), to);
  return to;
}

const values = (row: number[]): string => row.join(',');
const GOLD: Record<string, number[]> = { '00001': [0.1, 0.9, 0, 0, 0.05, 0, 0.25], '00002': [0, 0.125, 0.5, 0, 0, 0.5, 0] };

/** A finished run's stored predictions for the Test clip 00003 only (00004 is left without, to be warned about). */
function storePredictions(dbPath: string): void {
  const db = new Database(dbPath);
  const clipId = (db.prepare(`SELECT id FROM clips WHERE file_id = '00003'`).get() as { id: number }).id;
  db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, '2026-12-06T00:00:00Z', 'perceiver', 'image,fau', '{}', 'done')`).run();
  db.prepare(`INSERT INTO predictions (run_id, clip_id, adoration, amusement, anxiety, disgust, empathic_pain, fear, surprise, created_at) VALUES (1, ?, 0.1, 0.25, 0.125, 0.0625, 0.5, 0.75, 0.3333333, '2026-12-06T00:00:00Z')`).run(clipId);
  db.close();
}

const SUBMISSION = `File_ID,${EMOTIONS.join(',')}\n[00003],0.100000,0.250000,0.125000,0.062500,0.500000,0.750000,0.333333\n`;

type Listed = ApiOutput<'clips.list'>;
type Shown = ApiOutput<'clips.get'>;

function expectSplitsAndLabels(db: string): void {
  const list = json<Listed>(viper(db, ['--json', 'list']));
  expect(list.clips.map((c) => [c.fileId, c.split])).toEqual([
    ['00001', 'Train'],
    ['00002', 'Val'],
    ['00003', 'Test'],
    ['00004', 'Test'],
  ]);
  for (const clip of list.clips) expect(clip.labels === null ? null : EMOTIONS.map((e) => clip.labels?.[e])).toEqual(GOLD[clip.fileId] ?? null);
}

function expectSidecarAudio(db: string, wav: string): void {
  const shown = json<Shown>(viper(db, ['--json', 'show', '00003']));
  expect(shown).toMatchObject({ hasAudio: true, audioCodec: 'pcm_s16le', audioPath: wav, audioSilent: false });
  // ffmpeg's tone has amplitude 1/8, -21.07 dBFS RMS, in every fragment: they were measured on the sidecar.
  expect(shown.samples.map((s) => Math.round((s.audioRmsDb ?? 0) * 10) / 10)).toEqual(Array.from({ length: 32 }, () => -21.1));
  expect(viper(db, ['show', '00003']).stdout).toContain(`audio source ${wav} (the video has no audio track)`);
  expect(json<Shown>(viper(db, ['--json', 'show', '00001'])).audioPath).toBeNull();
}

function expectSubmission(db: string): void {
  storePredictions(db);
  const out = join(dirname(db), 'submission.csv');
  const run = viper(db, ['--json', 'export-predictions', '--split', 'Test', '-o', out]);
  expect(run.code, run.stderr).toBe(0);
  expect(readFileSync(out, 'utf8')).toBe(SUBMISSION);
  const report = json<{ rows: number; missing: string[]; warnings: string[] }>(run);
  expect(report).toMatchObject({ rows: 1, missing: ['[00004]'] });
  expect(report.warnings).toEqual([expect.stringContaining('1 clip(s) of Test have no prediction from run 1 and are not in the file: [00004]')]);
  expect(run.stderr).toContain('warning: 1 clip(s) of Test have no prediction from run 1');
}

beforeAll(makeMedia);

describe('the ABAW5 / ViPER copy: data_info.csv, <split>/mp4 and <split>/wav', () => {
  const root = join(temp.dir, 'abaw5');
  const db = join(temp.dir, 'abaw5.db');

  it('imports with one command: splits, labels, nan Test rows, Age / Country as metadata, sound from test/wav', () => {
    place('00001.mp4', join(root, 'train/mp4/00001.mp4'));
    place('00002.mp4', join(root, 'val/mp4/00002.mp4'));
    place('00003.mp4', join(root, 'test/mp4/00003.mp4'));
    place('00003.wav', join(root, 'test/wav/00003.wav'));
    place('00004.mp4', join(root, 'test/mp4/00004.mp4'));
    const nan = Array.from({ length: 7 }, () => 'nan').join(',');
    writeFileSync(
      join(root, 'data_info.csv'),
      [
        `File_ID,Split,${EMOTIONS.join(',')},Age,Country`,
        `[00001],Train,${values(GOLD['00001'] as number[])},25,United States`,
        `[00002],Val,${values(GOLD['00002'] as number[])},31,India`,
        `[00003],Test,${nan},nan,South Africa`,
        `[00004],Test,${nan},40,United States`,
      ].join('\n'),
    );

    const run = viper(db, ['import', root, '--labels', join(root, 'data_info.csv')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('4 imported, 0 resampled, 0 unchanged, 0 failed (of 4 files found');
    expect(run.stdout).toContain('4 rows applied, 0 unchanged, 0 conflicting, 0 rejected');
    expect(run.stdout).toContain(`! ${join(root, 'data_info.csv')}: column(s) Age, Country are not labels; they are kept as clip metadata`);

    expectSplitsAndLabels(db);
    expectSidecarAudio(db, join(root, 'test/wav/00003.wav'));
    expect(json<Shown>(viper(db, ['--json', 'show', '00003'])).metadata).toEqual({ Country: 'South Africa' });
    expect(viper(db, ['show', '00001']).stdout).toContain('metadata Age=25, Country=United States');
    const american = json<Listed>(viper(db, ['--json', 'list', '--meta', 'country=united states']));
    expect(american.clips.map((c) => c.fileId)).toEqual(['00001', '00004']);
    expect(json<Listed>(viper(db, ['--json', 'list', '--meta', 'Country=United States', '--meta', 'Age=40'])).clips.map((c) => c.fileId)).toEqual(['00004']);
  });

  it('analyses the Test clip with the sound of test/wav/00003.wav', () => {
    const run = viper(db, ['--json', 'analyze', '00003']);
    expect(run.code, run.stderr).toBe(0);
    expect(json<{ analysed: { fileId: string }[] }>(run).analysed.map((a) => a.fileId)).toEqual(['00003']);
    // A clip analysed without audio has no speech probability at all; this one has one for every frame.
    const frames = json<Shown>(viper(db, ['--json', 'show', '00003'])).analysis?.frames ?? [];
    expect(frames).toHaveLength(32);
    expect(frames.every((frame) => typeof frame.speechProb === 'number')).toBe(true);
  }, 180_000);

  it('writes the challenge submission for Test, byte by byte, and warns about the clip without a prediction', () => {
    expectSubmission(db);
  });
});

describe('the MuSe 2022 baseline: c2_muse_reaction/labels.csv with partition.csv', () => {
  const root = join(temp.dir, 'muse2022');
  const db = join(temp.dir, 'muse2022.db');

  it('imports with one command, the partition merged by File_ID (devel is Val), sound from the sibling .wav', () => {
    const videos = join(root, 'videos');
    for (const name of ['00001.mp4', '00002.mp4', '00003.mp4', '00003.wav', '00004.mp4']) place(name, join(videos, name));
    const labels = join(root, 'c2_muse_reaction/labels.csv');
    const partition = join(root, 'c2_muse_reaction/partition.csv');
    mkdirSync(dirname(labels));
    writeFileSync(labels, [`File_ID,${EMOTIONS.join(',')}`, `[00001],${values(GOLD['00001'] as number[])}`, `[00002],${values(GOLD['00002'] as number[])}`].join('\n'));
    writeFileSync(partition, ['Id,Partition', '[00001],train', '[00002],devel', '[00003],test', '[00004],test'].join('\n'));

    const run = viper(db, ['import', videos, '--labels', labels, '--partition', partition]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`labels ${labels} + ${partition}: 4 rows applied, 0 unchanged, 0 conflicting, 0 rejected`);
    expectSplitsAndLabels(db);
    expectSidecarAudio(db, join(videos, '00003.wav'));
  });

  it('writes the same submission for Test', () => {
    expectSubmission(db);
  });

  it('refuses a clip whose split differs between two files, naming both, and leaves it as it was', () => {
    const other = join(root, 'other-partition.csv');
    writeFileSync(other, 'File_ID,Split\n[00002],Test\n');
    const partition = join(root, 'c2_muse_reaction/partition.csv');
    const run = viper(db, ['import', '--labels', join(root, 'c2_muse_reaction/labels.csv'), '--partition', partition, '--labels', other]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ ${partition} line 3: File_ID 00002 is Val here but Test in ${other} line 2; the clip was left as it was.`);
    expect(run.stdout).toContain('0 rows applied, 3 unchanged, 0 conflicting, 1 rejected');
    expect(json<Shown>(viper(db, ['--json', 'show', '00002'])).split).toBe('Val');
  });
});
