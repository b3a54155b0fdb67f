#!/usr/bin/env node
/**
 * `npm run desktop`: everything the desktop app needs beyond the offline `npm ci`, then the app. Needs
 * internet (GitHub for Electron's runtime, electronjs.org for its C++ headers); offline it says so and
 * stops before changing anything. Steps, each skipped when already done:
 *   1. the Electron runtime: runs electron's own install.js (package.json allowScripts skips it in npm ci);
 *   2. better-sqlite3 for Electron's ABI, with @electron/rebuild (fetched by npx). Electron and Node need
 *      different builds of the same addon, so the Electron build is kept in .electron-native/ and the
 *      Node build is put back: the CLI, `viper serve` and the tests keep working. The app finds its build
 *      through VIPER_SQLITE_BINDING (src/main/store/database.ts);
 *   3. `electron-vite build`;
 *   4. `electron .` with that variable set.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const ADDON = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
/** Where the Electron build of better-sqlite3 lives; src/main/host/desktop-runtime.ts names the same file. */
const ELECTRON_ADDON = join(ROOT, '.electron-native', 'better_sqlite3.node');
const ELECTRON_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

const say = (text) => process.stdout.write(`desktop: ${text}\n`);
function fail(text) {
  process.stderr.write(`desktop: ${text}\n`);
  process.exit(1);
}
const run = (command, args, env = process.env) => execFileSync(command, args, { cwd: ROOT, stdio: 'inherit', env });

async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(8000) });
    return true;
  } catch {
    return false;
  }
}

function electronBinary() {
  try {
    const path = require('electron');
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const needsRuntime = electronBinary() === null;
const needsAddon = !existsSync(ELECTRON_ADDON);
if (needsRuntime || needsAddon) {
  const needs = [needsRuntime ? 'the Electron runtime' : '', needsAddon ? 'the Electron build of better-sqlite3' : ''].filter(Boolean);
  say(`checking the network, needed for ${needs.join(' and ')}…`);
  const hosts = ['https://github.com/', 'https://www.electronjs.org/headers/'];
  const offline = [];
  for (const host of hosts) if (!(await reachable(host))) offline.push(host);
  if (offline.length > 0) {
    fail(
      `cannot reach ${offline.join(' and ')}: this step needs internet, and nothing was changed.\n` +
        '  Without it, use the workstation in a browser: npx viper serve (or npx viper open <folder>).',
    );
  }
}

if (needsRuntime) {
  say(`1/4 downloading the Electron ${ELECTRON_VERSION} runtime (node_modules/electron/install.js)`);
  run(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')]);
  if (electronBinary() === null) fail('electron/install.js finished but no Electron binary is there; see its output above.');
} else say('1/4 the Electron runtime is installed');

if (needsAddon) {
  say(`2/4 building better-sqlite3 for Electron ${ELECTRON_VERSION} (npx @electron/rebuild; downloads Electron's headers)`);
  const nodeBuild = `${ADDON}.node-build`;
  copyFileSync(ADDON, nodeBuild);
  try {
    run('npx', ['--yes', '@electron/rebuild', '--version', ELECTRON_VERSION, '--only', 'better-sqlite3', '--force'], { ...process.env, npm_config_yes: 'true' });
    mkdirSync(dirname(ELECTRON_ADDON), { recursive: true });
    copyFileSync(ADDON, ELECTRON_ADDON);
  } finally {
    // The Node build goes back in place whatever happened: the CLI and the tests load it.
    copyFileSync(nodeBuild, ADDON);
  }
} else say('2/4 the Electron build of better-sqlite3 is in .electron-native/');

say('3/4 electron-vite build');
run(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build']);

say('4/4 starting the desktop app');
const child = spawn(electronBinary(), ['.'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, VIPER_SQLITE_BINDING: ELECTRON_ADDON } });
child.on('exit', (code) => process.exit(code ?? 0));
