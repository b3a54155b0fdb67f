/**
 * Writes stored features as NumPy arrays an analyst loads directly: one <part>.npy per token part,
 * [clips, N, D] float32, plus presence.npy [clips, N, 4] and mask.npy [clips, N], and index.json /
 * index.csv naming row r of every array. Clips stream through one at a time (their blobs are copied
 * byte for byte: SQLite holds them as little-endian float32, as '<f4' .npy data is), so memory stays
 * flat at any size. Arrays are written as .partial files and renamed once all are complete, so a
 * failed or cancelled export never leaves a mix of old and new arrays behind.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MODALITIES, type ApiOutput } from '../../../shared/api';
import { ViperError } from '../../../shared/errors';
import type { Db } from '../../store/database';
import { FeaturesStore } from '../../store/features-store';
import { exportFiles, exportIndex, exportIndexCsv } from './export-index';
import { FLOAT32_BYTES, NpyWriter } from './npy';
import { planFeatureExport, type ExportSelection } from './plan-export';

export type FeatureExportResult = ApiOutput<'features.export'>;

const PARTIAL = '.partial';

function writeFailed(path: string, error: unknown, totalBytes: number): ViperError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ViperError(
    'features/write-failed',
    `${path}: could not write the export (${reason}). Choose an --out folder you can write to, on a disk with ${(totalBytes / 2 ** 20).toFixed(1)} MB free.`,
    { subject: path, cause: error },
  );
}

export async function exportFeatures(db: Db, dbPath: string, request: ExportSelection & { out: string }, signal?: AbortSignal): Promise<FeatureExportResult> {
  const plan = planFeatureExport(db, dbPath, request);
  const out = resolve(request.out);
  const files = Object.values(exportFiles(plan));
  const totalBytes = files.reduce((sum, f) => sum + f.shape.reduce((a, b) => a * b, 1) * FLOAT32_BYTES, 0);
  let current = out;
  const writers: NpyWriter[] = [];
  try {
    await mkdir(out, { recursive: true });
    for (const entry of files) {
      current = join(out, entry.file + PARTIAL);
      writers.push(await NpyWriter.create(current, entry.shape));
    }
    const store = new FeaturesStore(db);
    for (const clip of plan.clips) {
      if (signal?.aborted) throw new ViperError('jobs/cancelled', `export to ${out} cancelled; its partial files were removed.`);
      const blobs = store.blobs(clip.id);
      for (const [i, part] of plan.parts.entries()) {
        const blob = blobs.get(part.name);
        // Checked again here: an analysis running meanwhile may have replaced the clip's features.
        if (blob?.byteLength !== plan.frames * (part.dims ?? 1) * FLOAT32_BYTES) {
          throw new ViperError('features/not-analysed', `${clip.fileId}: its ${part.name} features changed during the export. Export again once "npx viper analyze" has finished.`, { subject: clip.fileId });
        }
        current = (writers[i] as NpyWriter).path;
        await (writers[i] as NpyWriter).append(blob);
      }
    }
    for (const writer of writers) {
      current = writer.path;
      await writer.close();
    }
    for (const entry of files) {
      current = join(out, entry.file);
      await rename(current + PARTIAL, current);
    }
    // A token part this export left out may still lie here from an earlier one: beside the new
    // index it would look like part of this export.
    for (const modality of MODALITIES.filter((m) => !request.modalities.includes(m))) await rm(join(out, `${modality}.npy`), { force: true });
    const index = exportIndex(plan, { exportedAt: new Date().toISOString(), database: dbPath });
    current = join(out, 'index.json');
    await writeFile(current, `${JSON.stringify(index, null, 2)}\n`);
    current = join(out, 'index.csv');
    await writeFile(current, exportIndexCsv(plan.clips));
  } catch (error) {
    await Promise.all(writers.map((w) => w.abandon()));
    // Best effort: where the folder could not be made, there is nothing to remove and rm fails too.
    await Promise.all(files.map((f) => rm(join(out, f.file + PARTIAL), { force: true }).catch(() => undefined)));
    // Failures of the file system (no space, no permission, a file where the folder should be) are the
    // user's to fix; anything else is a bug and goes up as it is.
    const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
    throw systemError ? writeFailed(current, error, totalBytes) : error;
  }
  return { out, clips: plan.clips.length, frames: plan.frames, files: files.map((f) => ({ file: f.file, shape: f.shape })), skipped: plan.skipped };
}
