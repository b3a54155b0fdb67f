/**
 * `viper runs` as a user runs it: real processes on a real database holding two tiny trained runs (trained
 * here in-process on a synthetic set) — the list with names, rename, compare, delete asked for and refused
 * without a terminal, deleted with --yes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { runFolder, trainRun, type TrainRequest } from '../fusion/train-run';
import { REPO_ROOT, makeTempDir } from '../test-support/fixtures';

const temp = makeTempDir();
const db = join(temp.dir, 'runs.db');
const REQUEST: TrainRequest = {
  modalities: ['fau'],
  preset: 'compact',
  size: { latents: 4, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionChannels: 16 },
  options: { epochs: 3, batchSize: 8, learningRate: 3e-3, seed: 2 },
  backend: 'wasm',
};

beforeAll(async () => {
  const ctx = createApiContext(db, { now: () => '2026-12-06T10:41:00.000Z' });
  writeSyntheticSet(ctx.db, { splits: { Train: 24, Val: 10, Test: 6 }, frames: 4, dims: { fau: 32 }, seed: 3 });
  await trainRun(ctx, REQUEST);
  await trainRun(ctx, { ...REQUEST, options: { ...REQUEST.options, seed: 9 } });
  ctx.close();
}, 300_000);
afterAll(() => temp.cleanup());

function viper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  // No terminal on stdin (as in a script): delete must be given --yes.
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VIPER_DB: db, VIPER_USER: 'cli-tester' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('viper runs', () => {
  it('lists the runs with their default names, as "viper runs" and "viper runs list"', () => {
    const plain = viper(['runs']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^id\s+name\s+kind\s+state/);
    expect(plain.stdout).toMatch(/1\s+fau · compact · 2026-12-06 10:41 UTC\s+perceiver\s+done/);
    expect(viper(['runs', 'list']).stdout).toBe(plain.stdout);
  });

  it('renames a run, and gives back the default for ""', () => {
    expect(viper(['runs', 'rename', '2', 'seed 9'])).toMatchObject({ code: 0, stdout: 'run 2 is now named “seed 9”\n' });
    const listed = JSON.parse(viper(['--json', 'runs']).stdout) as { runs: { id: number; name: string; nameIsDefault: boolean }[] };
    expect(listed.runs.map((r) => [r.id, r.name, r.nameIsDefault])).toEqual([
      [1, 'fau · compact · 2026-12-06 10:41 UTC', true],
      [2, 'seed 9', false],
    ]);
    expect(viper(['runs', 'rename', '1', ''])).toMatchObject({ code: 0, stdout: 'run 1 is now named “fau · compact · 2026-12-06 10:41 UTC” (the default)\n' });
    const missing = viper(['runs', 'rename', '7', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('fusion run 7 does not exist');
  });

  it('compares two runs emotion by emotion with n, and lists where they disagree most', () => {
    const run = viper(['runs', 'compare', '1', '2', '--limit', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('A = run 1 “fau · compact · 2026-12-06 10:41 UTC”\nB = run 2 “seed 9”\n');
    expect(run.stdout).toContain('Val: 10 clips predicted by both, n = 10 of them labelled');
    expect(run.stdout).toMatch(/emotion\s+Pearson A\s+Pearson B\s+CCC A\s+CCC B\s+n/);
    expect(run.stdout).toMatch(/Empathic-Pain\s+-?\d\.\d{4}\s+-?\d\.\d{4}\s+-?\d\.\d{4}\s+-?\d\.\d{4}\s+10/);
    const listed = run.stdout.split('where they disagree most')[1]?.trim().split('\n') ?? [];
    expect(listed).toHaveLength(1 + 1 + 3);
    const json = JSON.parse(viper(['--json', 'runs', 'compare', '1', '2', '--split', 'Test']).stdout) as { n: number; disagreements: unknown[] };
    expect(json.n).toBe(6);
    expect(json.disagreements).toHaveLength(6);
  });

  it('deletes only when told to: refused without --yes where it cannot ask, then deleted with its files', () => {
    const labelsBefore = viper(['export-labels']).stdout;
    expect(labelsBefore.trim().split('\n')).toHaveLength(41);
    const refused = viper(['runs', 'delete', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('viper runs delete 2 would delete run 2 “seed 9” (perceiver, done) with its predictions, checkpoints and ONNX files; labels are kept. Run it again with --yes');
    expect(existsSync(runFolder(db, 2))).toBe(true);
    const deleted = viper(['runs', 'delete', '2', '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(new RegExp(`^deleted run 2 “seed 9”: 40 predictions, \\d+ files \\(\\d+\\.\\d MB\\) in ${runFolder(db, 2).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Labels were not touched\\.\\n$`));
    expect(existsSync(runFolder(db, 2))).toBe(false);
    expect(viper(['export-labels']).stdout).toBe(labelsBefore);
    const again = viper(['runs', 'delete', '2', '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('fusion run 2 was deleted (“seed 9”');
    expect(JSON.parse(viper(['--json', 'runs']).stdout)).toMatchObject({ runs: [{ id: 1 }] });
  });

  it('keeps the prior while the FAU features it read are unchanged', () => {
    expect(viper(['predict', '--prior']).stdout).toBe('PRIOR (untrained FAU mapping), run 3: predicted 40 clips\n');
    expect(viper(['predict', '--prior']).stdout).toBe('PRIOR (untrained FAU mapping), run 3: kept as it was, the FAU features of its 40 clips are unchanged\n');
  });
});
