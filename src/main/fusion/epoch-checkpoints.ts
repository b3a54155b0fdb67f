/**
 * @file The parameters of a run's last SPREAD_EPOCHS epochs, kept beside last.ckpt and best.ckpt as
 * epoch-<n>.ckpt (parameters only, no AdamW state), for the spread that measures a prediction's uncertainty
 * (uncertainty.ts). Older ones are removed as training goes, so a run holds at most SPREAD_EPOCHS of them:
 * 5 × 3.6 MB with the compact preset, 5 × 1.1 GB with the paper's.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** How many of the last epochs' checkpoints the spread is taken over. */
export const SPREAD_EPOCHS = 5;

const EPOCH_FILE = /^epoch-(\d+)\.ckpt$/;

export function epochCheckpointPath(checkpointDir: string, epoch: number): string {
  return join(checkpointDir, `epoch-${epoch}.ckpt`);
}

/** The kept epoch checkpoints of a run folder, oldest first (none when the folder is gone). */
export function epochCheckpoints(checkpointDir: string): { epoch: number; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(checkpointDir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = EPOCH_FILE.exec(name);
      return match ? [{ epoch: Number(match[1]), path: join(checkpointDir, name) }] : [];
    })
    .sort((a, b) => a.epoch - b.epoch);
}

/**
 * Removes the epoch checkpoints (and their ONNX exports) older than the last SPREAD_EPOCHS up to `epoch`, and
 * any after it: left by an earlier run in the same folder (a database made again beside the old one's runs).
 */
export function pruneEpochCheckpoints(checkpointDir: string, epoch: number): void {
  for (const old of epochCheckpoints(checkpointDir).filter((c) => c.epoch <= epoch - SPREAD_EPOCHS || c.epoch > epoch)) {
    rmSync(old.path, { force: true });
    rmSync(old.path.replace(/\.ckpt$/, '.onnx'), { force: true });
  }
}
