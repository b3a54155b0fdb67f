// Proves eslint.config.js enforces STYLE.md rule 1 by linting snippets as if they lived in each folder.
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
