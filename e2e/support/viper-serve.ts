/**
 * Runs the real `viper serve` (bin/viper.js, port 0) on a fresh database, as a user would, and reads
 * the address it prints. Builds the renderer first when out/renderer is missing (npm test builds it).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../src/main/test-support/fixtures';

export interface ServeProcess {
  url: string;
  origin: string;
  stop(): Promise<void>;
}

export function ensureRendererBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) return;
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** `wrap`: a command that runs node (e.g. setpriv dropping root's file-mode override), its arguments ending in '--'. */
export async function startViperServe(dbPath: string, user: string, wrap: readonly string[] = []): Promise<ServeProcess> {
  const [command, ...prefix] = wrap.length > 0 ? wrap : [process.execPath];
  const args = [...(wrap.length > 0 ? [...prefix, process.execPath] : []), join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, '--user', user, '--json', 'serve', '--port', '0'];
  const child: ChildProcess = spawn(command ?? process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`viper serve exited (${code}) before printing its address`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    origin: new URL(url).origin,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
