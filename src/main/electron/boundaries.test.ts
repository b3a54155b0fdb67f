// Proves eslint.config.js enforces STYLE.md rule 1 and the direction inside src/main, by linting snippets
// as if they lived in each folder.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint no-restricted-imports)', () => {
  it.each([
    ["import { app } from 'electron';", 'src/main/store/x.ts'],
    ["import { ipcRenderer } from 'electron/renderer';", 'src/main/api/x.ts'],
    ["import { app } from 'electron';", 'src/main/cli/x.ts'],
    ["import { app } from 'electron';", 'src/renderer/src/x.tsx'],
    ["import { app } from 'electron';", 'src/shared/x.ts'],
    ["import fs from 'node:fs';", 'src/renderer/src/x.tsx'],
    ["import { readFile } from 'fs/promises';", 'src/renderer/src/x.tsx'],
    ["import { Worker } from 'worker_threads';", 'src/renderer/src/x.ts'],
    ["import { callApi } from '../../main/api/handlers';", 'src/renderer/src/x.tsx'],
    ["import Database from 'better-sqlite3';", 'src/renderer/src/x.tsx'],
    ["import * as ort from 'onnxruntime-node';", 'src/renderer/src/x.ts'],
    ["import { createHash } from 'node:crypto';", 'src/shared/x.ts'],
    ["import { openStore } from '../main/store/database';", 'src/shared/x.ts'],
    ["import { useState } from 'react';", 'src/shared/x.ts'],
    ["import { join } from 'node:path';", 'src/preload/x.ts'],
    ["import { callApi } from '../main/api/handlers';", 'src/preload/x.ts'],
  ])('rejects %s in %s', async (code, filePath) => {
    expect(await restrictedImports(code, filePath)).toHaveLength(1);
  });

  it.each([
    ["import { app } from 'electron';", 'src/main/electron/x.ts'],
    ["import { contextBridge } from 'electron';", 'src/preload/x.ts'],
    ["import { readFile } from 'node:fs/promises';", 'src/main/store/x.ts'],
    ["import { useState } from 'react';", 'src/renderer/src/x.tsx'],
    ["import { ViperError } from '../../shared/errors';", 'src/renderer/src/x.ts'],
    ["import type { ViperClient } from '../shared/client';", 'src/preload/x.ts'],
    ["import { join } from 'node:path';", 'src/shared/x.test.ts'],
  ])('allows %s in %s', async (code, filePath) => {
    expect(await restrictedImports(code, filePath)).toEqual([]);
  });
});

/**
 * shared ← store ← media, models ← library, pipeline, fusion ← jobs ← queue ← api ← cli, host, electron.
 * Each folder against every other: a lower layer is allowed, the rest (its own layer's other folders and
 * every layer above) refused, both from the folder's top and from a sub-folder.
 */
describe('the direction inside src/main', () => {
  const layers = [['store'], ['media', 'models'], ['library', 'pipeline', 'fusion'], ['jobs'], ['queue'], ['api'], ['cli', 'host', 'electron']];
  const folders = layers.flat();
  const layerOf = (folder: string): number => layers.findIndex((names) => names.includes(folder));
  const pairs = folders.flatMap((from) => folders.filter((to) => to !== from).map((to) => ({ from, to, allowed: layerOf(to) < layerOf(from) })));

  it('covers every ordered pair of folders, both ways', () => {
    expect(pairs).toHaveLength(folders.length * (folders.length - 1));
    expect(pairs.filter((p) => p.allowed)).toHaveLength(1 * 0 + 2 * 1 + 3 * 3 + 1 * 6 + 1 * 7 + 1 * 8 + 3 * 9);
  });

  it.each(pairs.filter((p) => p.allowed))('allows $from to import $to', async ({ from, to }) => {
    expect(await restrictedImports(`import { x } from '../${to}/x';`, `src/main/${from}/x.ts`)).toEqual([]);
    expect(await restrictedImports(`import { x } from '../../${to}/x';`, `src/main/${from}/sub/x.ts`)).toEqual([]);
  });

  it.each(pairs.filter((p) => !p.allowed))('refuses $from importing $to', async ({ from, to }) => {
    const [message] = await restrictedImports(`import { x } from '../${to}/x';`, `src/main/${from}/x.ts`);
    expect(message).toContain(`src/main/${from} may import only`);
    expect(await restrictedImports(`import type { X } from '../../${to}/deep/x';`, `src/main/${from}/sub/x.ts`)).toHaveLength(1);
  });

  it.each(folders)('lets %s import src/shared and its own files', async (folder) => {
    expect(await restrictedImports("import { ViperError } from '../../shared/errors';", `src/main/${folder}/x.ts`)).toEqual([]);
    expect(await restrictedImports("import { y } from './y';\nimport { z } from '../z/z';", `src/main/${folder}/sub/x.ts`)).toEqual([]);
  });

  it('exempts tests and test-support folders, which build fixtures through any layer', async () => {
    expect(await restrictedImports("import { callApi } from '../api/handlers';", 'src/main/store/x.test.ts')).toEqual([]);
    expect(await restrictedImports("import { callApi } from '../api/handlers';", 'src/main/library/x.int.test.ts')).toEqual([]);
    expect(await restrictedImports("import { createApiContext } from '../api/context';", 'src/main/test-support/x.ts')).toEqual([]);
    expect(await restrictedImports("import { app } from 'electron';", 'src/main/store/x.test.ts')).toHaveLength(1);
  });

  it('lets only the composition root src/main/viper.ts join cli and host', async () => {
    expect(await restrictedImports("import { main } from './cli/main';\nimport { startHost } from './host/server';", 'src/main/viper.ts')).toEqual([]);
    expect(await restrictedImports("import { startHost } from '../host/server';", 'src/main/cli/main.ts')).toHaveLength(1);
    expect(await restrictedImports("import { contentSecurityPolicy } from '../electron/content-security-policy';", 'src/main/host/static-route.ts')).toHaveLength(1);
  });
});

/** SQL only in src/main/store: a connection's prepare(), pragma() and transaction() are called there alone. */
describe('queries live in src/main/store (eslint no-restricted-syntax)', () => {
  async function storeOnlyCalls(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  }
  const calls = [
    "db.prepare('SELECT 1').get();",
    "this.db.prepare('SELECT file_id FROM clips WHERE id = ?').pluck();",
    "ctx.db.pragma('user_version', { simple: true });",
    'db.transaction(() => undefined)();',
  ];
  const outside = ['library', 'pipeline', 'fusion', 'jobs', 'queue', 'api', 'cli', 'host', 'electron', 'media', 'models'].map((folder) => `src/main/${folder}/x.ts`);

  it.each(outside.flatMap((filePath) => calls.map((code) => ({ code, filePath }))))('refuses $code in $filePath', async ({ code, filePath }) => {
    const [message, ...more] = await storeOnlyCalls(code, filePath);
    expect(more).toEqual([]);
    expect(message).toContain('SQL lives in src/main/store');
  });

  it.each(calls)('allows %s in src/main/store and its sub-folders', async (code) => {
    expect(await storeOnlyCalls(code, 'src/main/store/x.ts')).toEqual([]);
    expect(await storeOnlyCalls(code, 'src/main/store/migrations/x.ts')).toEqual([]);
  });

  it('exempts tests and test-support folders, which set up and inspect databases directly', async () => {
    expect(await storeOnlyCalls(calls[0] as string, 'src/main/fusion/x.test.ts')).toEqual([]);
    expect(await storeOnlyCalls(calls[0] as string, 'src/main/library/x.int.test.ts')).toEqual([]);
    expect(await storeOnlyCalls(calls[0] as string, 'src/main/test-support/x.ts')).toEqual([]);
  });

  it('matches only those methods (a RegExp exec() is fine), and only in src/main', async () => {
    expect(await storeOnlyCalls("const match = /x/.exec('x');", 'src/main/fusion/x.ts')).toEqual([]);
    expect(await storeOnlyCalls('form.prepare();', 'src/renderer/src/x.ts')).toEqual([]);
  });
});
