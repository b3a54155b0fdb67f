/**
 * The lint on real media: single_face.mp4 (a man who smiles broadly from about 0.8 s) and no_face.mp4 (an
 * animated title over music, no face at all), imported with 8 frames each and analysed by the default pack's
 * real models. The labels are made up by this test (the fixtures have none): first contradicting what the
 * clips show — the smile labelled Amusement 0, the empty title Amusement 0.9 — then agreeing with it.
 * Then `viper lint` itself: its table, --json, --threshold, and a split with no labels (exit 2, no stack).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../../../shared/emotions';
import type { LintReport } from '../../../shared/lint-api';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { fixture, makeTempDir, REPO_ROOT } from '../../test-support/fixtures';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'viper.db');
let ctx: ApiContext;

const row = (fileId: string, values: Partial<Record<Emotion, number>>): string => `${fileId},Val,${EMOTIONS.map((e) => values[e] ?? 0).join(',')}`;

function viper(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await buildPack({ modelsDir: resolveModelsDir() });
  const labels = join(temp.dir, 'labels.csv');
  writeFileSync(labels, [`File_ID,Split,${EMOTIONS.join(',')}`, row('single_face', { Amusement: 0 }), row('no_face', { Amusement: 0.9 })].join('\n'));
  ctx = createApiContext(dbPath, { actor: 'tester', env: {} });
  const imported = await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), fixture('no_face.mp4')], labelsCsv: labels, sampling: { frameCount: 8, method: 'paper' }, proxy: 'none' });
  expect(imported.failed).toEqual([]);
  const analysed = await callApi(ctx, 'clips.analyze', {});
  expect(analysed.failed).toEqual([]);
}, 240_000);
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('labels.lint on analysed fixture clips', () => {
  it('flags the smile labelled Amusement 0 and the faceless, speechless clip labelled Amusement 0.9, with their evidence', async () => {
    const report = await callApi(ctx, 'labels.lint', { split: 'Val' });
    expect(report.flags.map((f) => [f.fileId, f.rule, f.emotion])).toEqual([
      ['no_face', 'no-face-no-speech', 'Amusement'],
      ['single_face', 'smile-unlabelled', 'Amusement'],
    ]);
    const [noFace, smile] = report.flags;
    expect(noFace?.evidence).toMatchObject({ frames: 8, faceFrames: 0, speechFrames: 0, label: 0.9 });
    expect(noFace?.reason).toMatch(/^Amusement 0\.90 on a clip with no face in any of its 8 frames and no speech/);
    expect(smile?.evidence.faceFrames).toBe(8);
    expect(smile?.evidence.broadSmileFrames).toBeGreaterThanOrEqual(3);
    expect(smile?.evidence.maxHappiness).toBeGreaterThan(0.8);
    expect(smile?.reason).toMatch(/^a broad smile in \d of 8 frames with a face .* but Amusement 0\.00, Adoration 0\.00$/);
    expect(report.rules.find((r) => r.rule === 'far-from-prediction')?.skippedBecause).toMatch(/^no trained run/);
  });

  it('flags nothing once the labels agree with what the clips show', async () => {
    const single = await callApi(ctx, 'labels.get', { clip: 'single_face' });
    await callApi(ctx, 'labels.save', { clip: 'single_face', values: { ...single.values, Amusement: 0.8, Adoration: 0.4 } as Record<Emotion, number>, expectedVersion: single.version });
    const empty = await callApi(ctx, 'labels.get', { clip: 'no_face' });
    await callApi(ctx, 'labels.save', { clip: 'no_face', values: { ...empty.values, Amusement: 0.1 } as Record<Emotion, number>, expectedVersion: empty.version });
    const report = await callApi(ctx, 'labels.lint', { split: 'Val' });
    expect(report.flags).toEqual([]);
    expect(report.rules.find((r) => r.rule === 'smile-missing')).toMatchObject({ checked: 1, flagged: 0 });
    expect(report.rules.find((r) => r.rule === 'no-face-no-speech')).toMatchObject({ checked: 2, flagged: 0 });
    // Put back the contradicting labels for the CLI below.
    const again = await callApi(ctx, 'labels.get', { clip: 'single_face' });
    await callApi(ctx, 'labels.save', { clip: 'single_face', values: { ...again.values, Amusement: 0, Adoration: 0 } as Record<Emotion, number>, expectedVersion: again.version });
  });

  it('viper lint prints each flag with its reason, --threshold moves the verdict, --json gives the report', () => {
    const plain = viper('lint', '--split', 'Val');
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^1 doubtful label\(s\) among 2 gold-labelled clips \(Val split\)/);
    expect(plain.stdout).toMatch(/single_face +\d+ +smile-unlabelled +gold +a broad smile in/);
    expect(plain.stdout).toContain('No label was changed.');
    const strict = JSON.parse(viper('lint', '--split', 'Val', '--threshold', 'broadSmileFramesMin=9', '--json').stdout) as LintReport;
    expect(strict.flags).toEqual([]);
    expect(strict.thresholds.broadSmileFramesMin).toBe(9);
    const bad = viper('lint', '--threshold', 'broadSmile=2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"broadSmile=2": give name=value with a number ≥ 0 and one of smileLabelMin/);
  });

  it('viper lint on a split with no labels says so and exits 2, without a stack trace', () => {
    const result = viper('lint', '--split', 'Train');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('error: no gold-labelled clips in split Train: nothing to lint. Import labels ("viper import --labels labels.csv") or label clips in review, or pick another split (--split).');
    expect(result.stdout).toBe('');
    expect(execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, 'lint', '--help'], { encoding: 'utf8' })).toContain('--threshold <name=value>');
  });
});
