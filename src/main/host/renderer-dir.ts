/** Where the checkout's built renderer is: out/renderer, written by `npx electron-vite build` (npm test runs it). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ViperError } from '../../shared/errors';

export const REPO_ROOT_DIR = resolve(import.meta.dirname, '../../..');

export function builtRendererDir(): string {
  const dir = join(REPO_ROOT_DIR, 'out', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new ViperError('host/renderer-missing', `${dir}/index.html is missing: the workstation's page has not been built. Run "npx electron-vite build" (npm test does it too), then try again.`);
  }
  return dir;
}
