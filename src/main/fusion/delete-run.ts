/**
 * @file Deleting a fusion run: its rows first (runs-store.ts: predictions, attention, uncertainty, epochs,
 * refused while a live process trains it), then, once that has committed, its folder of checkpoints and
 * ONNX files. Only a folder named for the run (run-<id>, where train-run.ts puts it) is removed, so a
 * config edited by hand cannot point the deletion elsewhere. Labels are never touched.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Db } from '../store/database';
import { RunsStore } from '../store/runs-store';
import { runFolder } from './train-run';

export interface DeletedRun {
  id: number;
  name: string;
  kind: 'perceiver' | 'prior';
  predictions: number;
  folder: string | null;
  files: number;
  bytes: number;
}

function sizeOf(path: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      const inner = sizeOf(child);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files += 1;
      bytes += statSync(child).size;
    }
  }
  return { files, bytes };
}

export function deleteRun(ctx: { db: Db; dbPath: string; actor: string; now: () => string }, id: number): DeletedRun {
  const { run, predictions } = new RunsStore(ctx.db).delete(id, ctx.actor, ctx.now());
  const recorded = typeof run.config.checkpointDir === 'string' && run.config.checkpointDir !== '' ? resolve(run.config.checkpointDir) : null;
  const candidates = [...new Set([runFolder(ctx.dbPath, id), ...(recorded ? [recorded] : [])])].filter((dir) => basename(dir) === `run-${id}`);
  let folder: string | null = null;
  let files = 0;
  let bytes = 0;
  for (const dir of candidates) {
    let size: { files: number; bytes: number };
    try {
      size = sizeOf(dir);
    } catch {
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    folder ??= dir;
    files += size.files;
    bytes += size.bytes;
  }
  return { id: run.id, name: run.name, kind: run.kind, predictions, folder, files, bytes };
}
