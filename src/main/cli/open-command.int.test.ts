/**
 * `viper open` as a user runs it, with --no-desktop (this machine has no Electron binary, and a test must
 * never start one): a real process imports and analyses a fixture clip, predicts with the prior (no run is
 * trained yet), and serves the workstation, printing its address; the served API then lists the clip with
 * the prior's prediction recorded.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

async function post<T>(url: string, call: string, token: string, input: object): Promise<T> {
  const response = await fetch(`${new URL(url).origin}/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token }, body: JSON.stringify(input) });
  const result = (await response.json()) as { ok: boolean; value: T };
  expect(result.ok).toBe(true);
  return result.value;
}

describe('viper open', () => {
  it('imports, analyses, predicts with the prior, then serves to the browser and prints the address', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', join(temp.dir, 'open.db'), '--json', 'open', fixture('single_face.mp4'), '--no-desktop', '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`viper open exited (${code}) before printing its address:\n${stderr}`)));
        createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      expect(stderr).toContain('1 analysed, 0 up to date, 0 failed');
      expect(stderr).toMatch(/1 clips predicted by the prior \(run 1;/);
      expect(stderr).not.toContain('Electron runtime');

      const token = new URL(url).searchParams.get('token') ?? '';
      const runs = await post<ApiOutput<'fusion.runs'>>(url, 'fusion.runs', token, {});
      expect(runs.runs).toMatchObject([{ id: 1, kind: 'prior', state: 'done' }]);
      const exported = await post<ApiOutput<'fusion.exportPredictions'>>(url, 'fusion.exportPredictions', token, { run: 1 });
      expect(exported.rows).toBe(1);
      expect(exported.csv).toContain('single_face');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 180_000);
});
