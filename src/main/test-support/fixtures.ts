/**
 * Test helpers: the shared fixture media (read in place from ../shared/fixtures, never copied
 * into the project), temporary folders, and inputs that tests make with the real ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES_DIR = process.env.VIPER_FIXTURES ?? resolve(REPO_ROOT, '../shared/fixtures');

export function fixture(name: string): string {
  const path = join(FIXTURES_DIR, name);
  if (!existsSync(path)) throw new Error(`fixture ${path} is missing: the tests expect ../shared/fixtures beside the checkout (or VIPER_FIXTURES)`);
  return path;
}

/** A fresh temporary folder and a function that removes it. */
export function makeTempDir(prefix = 'viper-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the system ffmpeg to make a test input; throws with ffmpeg's message on failure. */
export function ffmpegMake(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-nostdin', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}
