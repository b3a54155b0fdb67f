/** Where built models live: $VIPER_MODELS, else models/ at the repository root (the folder holding package.json). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'viper-workstation';

/** The checkout (or installed app) root: the nearest folder upwards whose package.json is ours. */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function resolveModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VIPER_MODELS ? resolve(env.VIPER_MODELS) : join(appRoot(), 'models');
}

/** A path as people should read it in messages: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
