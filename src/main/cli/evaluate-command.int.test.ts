/**
 * `viper evaluate`'s honest numbers, through the real CLI on a real store: a synthetic set with 4 labelled
 * Val clips and 12 Train clips scored by the prior. Every metric carries its n; on 4 clips each correlation
 * is marked unreliable; the interval is given or its absence explained; the matrices print gold 0.0 first
 * (as the page draws them); a split with no labelled clips says that, not "no predictions".
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'viper.db');

function viper(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  const ctx = createApiContext(dbPath, { actor: 'test', env: {} });
  writeSyntheticSet(ctx.db, { splits: { Train: 12, Val: 4 }, frames: 4, dims: { fau: 32 }, seed: 9 });
  await callApi(ctx, 'fusion.predict', { prior: true });
  ctx.close();
});
afterAll(() => temp.cleanup());

describe('viper evaluate', () => {
  it('shows n beside every metric and marks correlations on fewer than 10 clips unreliable', () => {
    const { status, stdout } = viper('evaluate', '--split', 'Val');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^the untrained PRIOR \(FAU → emotions mapping\), Val, n = 4 labelled clips\n/);
    const rows = stdout.split('\n').filter((line) => /^(Adoration|Amusement|Anxiety|Disgust|Empathic-Pain|Fear|Surprise) /.test(line));
    expect(rows).toHaveLength(7);
    for (const row of rows) expect(row).toMatch(/ 4 +(-?\d\.\d{4}|undefined) .*(unreliable: n = 4 < 10 clips|constant)$/);
    expect(stdout).toMatch(/\nmean Pearson -?\d\.\d{4} \(unreliable: n = 4 < 10 clips[^)]*\); MSE [\d.]+; mean CCC -?[\d.]+; n = 4\n/);
    expect(stdout).toMatch(/\n(95 % bootstrap interval -?\d\.\d{4} – -?\d\.\d{4} \(\d+ resamples, n = 4\)|no 95 % bootstrap interval: on 4 clip\(s\) the resamples do not differ or are mostly undefined)\n/);
    // Gold bin 0.0 is the first row under each matrix's header, 0.9 the last.
    const matrix = stdout.split('Adoration: gold bin (rows, 0.0 at the top')[1]?.split('\n') ?? [];
    expect(matrix[2]).toMatch(/^0\.0–0\.1 \(\d+\)/);
    expect(matrix[11]).toMatch(/^0\.9–1\.0 \(\d+\)/);
  });

  it('says a split with no labelled clips has no labels, not that the run lacks predictions', () => {
    const { status, stdout, stderr } = viper('evaluate', '--split', 'Test');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('error: no labelled clips in the Test split: nothing to score. Give clips all seven gold values (review, or "viper import --labels"), or pick another split.');
  });
});
