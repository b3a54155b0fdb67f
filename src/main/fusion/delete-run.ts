/**
 * @file Deleting a fusion run: its rows first (runs-store.ts: predictions, attention, uncertainty, epochs,
 * refused while a live process trains it), then, once that has committed, its folder of checkpoints and
 * ONNX files. Only a folder named for the run (run-<id>, where train-run.ts puts it) is removed, so a
 * config edited by hand cannot point the deletion elsewhere; and only when it holds this run's model (the
 * SHA-256 recorded) or, for a run that never exported one, no model at all: two databases kept in one
 * folder share fusion-runs/, and another database's run of the same id is not this one's to delete.
 * Labels are never touched.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Db } from '../store/database';
import { RunsStore } from '../store/runs-store';
import { sha256 } from './onnx-export';
import { runFolder } from './train-run';

export interface DeletedRun {
  id: number;
  name: string;
  kind: 'perceiver' | 'prior';
  predictions: number;
  folder: string | null;
  files: number;
  bytes: number;
  /** Why the run's folder was left where it is; null when removed or there was none. */
  folderKept: string | null;
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

/** Why `dir` is not this run's to remove, or null when it is. */
function notThisRuns(dir: string, onnxSha256: string | null): string | null {
  const model = join(dir, 'model.onnx');
  if (!existsSync(model)) return onnxSha256 === null ? null : `${dir} has no model.onnx (the run recorded one): left as it is`;
  if (onnxSha256 === null) return `${dir} holds a model.onnx the run never exported (another database's run ${basename(dir)}?): left as it is`;
  return sha256(readFileSync(model)) === onnxSha256 ? null : `${dir}/model.onnx is not the run's model (another database's run ${basename(dir)}?): left as it is`;
}

export function deleteRun(ctx: { db: Db; dbPath: string; actor: string; now: () => string }, id: number): DeletedRun {
  const { run, predictions } = new RunsStore(ctx.db).delete(id, ctx.actor, ctx.now());
  const recorded = typeof run.config.checkpointDir === 'string' && run.config.checkpointDir !== '' ? resolve(run.config.checkpointDir) : null;
  const candidates = [...new Set([runFolder(ctx.dbPath, id), ...(recorded ? [recorded] : [])])].filter((dir) => basename(dir) === `run-${id}` && existsSync(dir));
  let folder: string | null = null;
  let folderKept: string | null = null;
  let files = 0;
  let bytes = 0;
  for (const dir of candidates) {
    const kept = notThisRuns(dir, run.onnxSha256);
    if (kept) {
      folderKept = kept;
      continue;
    }
    const size = sizeOf(dir);
    rmSync(dir, { recursive: true, force: true });
    folder ??= dir;
    files += size.files;
    bytes += size.bytes;
  }
  return { id: run.id, name: run.name, kind: run.kind, predictions, folder, files, bytes, folderKept };
}
