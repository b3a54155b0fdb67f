/**
 * exports.create: labels, a run's predictions or the features written as one file, as a recorded 'export'
 * job. With a destination (the desktop app's save dialog, a script) the file is written there, through a
 * temporary name renamed when complete, and an existing file is replaced only when the caller says so. Without
 * one it is kept in exports/ beside the database for the browser's download (GET /download/<job id>); only
 * the newest KEPT_DOWNLOADS are kept there — they are copies, made again by exporting again.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ApiOutput } from '../../shared/api';
import type { ExportInput } from '../../shared/actions-api';
import { ViperError } from '../../shared/errors';
import { exportLabelsCsv } from '../library/export-labels';
import { predictionsCsv } from '../fusion/evaluate';
import { exportFeatures } from '../pipeline/export/export-features';
import { writeTar } from '../pipeline/export/tar-file';
import { JobsStore } from '../store/jobs-store';
import type { ApiContext, CallControls } from './context';
import { recordedAction } from './recorded-action';

export const KEPT_DOWNLOADS = 5;
/** A download's file in exports/: the job's id, then the name offered. Nothing else there is ever served. */
export const DOWNLOAD_FILE = /^(\d+)-([\w.-]{1,120})$/;

/** Where downloads wait: beside the database, as fusion-runs/ and proxies/ are. */
export function exportsFolder(dbPath: string): string {
  return join(dirname(resolve(dbPath)), 'exports');
}

/** What the download route reads back from an export job: the file in exports/ and the name to offer. */
export function downloadOf(jobs: JobsStore, jobId: number): { file: string; fileName: string } | undefined {
  const job = jobs.recorded(jobId);
  const download = (job?.params as { download?: unknown } | undefined)?.download;
  if (job?.kind !== 'export' || job.state !== 'done' || typeof download !== 'string') return undefined;
  const match = DOWNLOAD_FILE.exec(download);
  return match && Number(match[1]) === jobId ? { file: download, fileName: match[2] ?? download } : undefined;
}

function fileNameOf(input: ExportInput, runId?: number): string {
  const split = input.split ? `-${input.split}` : '';
  if (input.what === 'labels') return `labels-${input.annotator.replace(/[^\w.-]/g, '_')}${split}.csv`;
  if (input.what === 'predictions') return `predictions-run-${runId ?? 'latest'}${split}.csv`;
  return `features${split}.tar`;
}

function writeFailed(path: string, error: unknown): ViperError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ViperError('exports/write-failed', `${dirname(path)}: the export cannot be written there (${reason}). Choose a folder you can write to, on a disk with room for it.`, { subject: path, cause: error });
}

/** Writes through `write(temporary)` and renames onto `target`, so a failure never leaves half a file under the real name. */
function writeAtomically(target: string, write: (temporary: string) => void): number {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  try {
    write(temporary);
    renameSync(temporary, target);
    return statSync(target).size;
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof ViperError) throw error;
    throw writeFailed(target, error);
  }
}

/** Keeps the newest downloads only; the rest are copies nobody fetched again. */
function pruneDownloads(folder: string): void {
  const files = readdirSync(folder)
    .map((name) => ({ name, id: Number(DOWNLOAD_FILE.exec(name)?.[1]) }))
    .filter((file) => Number.isInteger(file.id))
    .sort((a, b) => b.id - a.id);
  for (const file of files.slice(KEPT_DOWNLOADS)) unlinkSync(join(folder, file.name));
}

interface Content {
  fileName: string;
  rows: number;
  warnings: string[];
  write(path: string): void;
  /** Removes what was staged for the file (the features' scratch folder), written or not. */
  cleanup?: () => void;
}

async function contentOf(ctx: ApiContext, input: ExportInput, signal: AbortSignal): Promise<Content> {
  if (input.what === 'labels') {
    const { csv, rows } = exportLabelsCsv(ctx.db, input);
    return { fileName: fileNameOf(input), rows, warnings: [], write: (path) => writeFileSync(path, csv, 'utf8') };
  }
  if (input.what === 'predictions') {
    const result = predictionsCsv(ctx.db, input);
    return { fileName: fileNameOf(input, result.runId), rows: result.rows, warnings: result.warnings, write: (path) => writeFileSync(path, result.csv, 'utf8') };
  }
  // The arrays go to a scratch folder beside the exports first, then into one tar.
  const folder = exportsFolder(ctx.dbPath);
  const scratch = mkdtempSync(join(folder, '.features-'));
  try {
    const written = await exportFeatures(ctx.db, ctx.dbPath, { clips: [], out: scratch, split: input.split, modalities: input.modalities }, signal);
    const names = [...written.files.map((f) => f.file), 'index.json', 'index.csv'];
    return {
      fileName: fileNameOf(input),
      rows: written.clips,
      warnings: written.skipped.map((skip) => skip.message),
      write: (path) => void writeTar(path, scratch, names),
      cleanup: () => rmSync(scratch, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

export function createExport(input: ExportInput, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'exports.create'>> {
  const { destination, overwrite, ...what } = input;
  return recordedAction(ctx, 'export', what, 1, controls, async ({ job, signal }) => {
    const target = destination === undefined ? undefined : resolve(destination);
    if (target !== undefined && existsSync(target) && !overwrite) {
      throw new ViperError('exports/exists', `${target} exists already; it is left as it is. Choose another name, or replace it on purpose (the save dialog asks; "overwrite": true in the API).`, { subject: target });
    }
    const downloads = exportsFolder(ctx.dbPath);
    try {
      // Features are staged in exports/ whichever way they go; a destination's folder must already exist.
      if (destination === undefined || input.what === 'features') mkdirSync(downloads, { recursive: true });
    } catch (error) {
      throw writeFailed(join(downloads, 'x'), error);
    }
    const content = await contentOf(ctx, input, signal);
    const file = target ?? join(downloads, `${job.id}-${content.fileName}`);
    let bytes: number;
    try {
      if (signal.aborted) throw new ViperError('jobs/cancelled', `export job ${job.id} cancelled; nothing was written.`);
      bytes = writeAtomically(file, (temporary) => content.write(temporary));
    } finally {
      content.cleanup?.();
    }
    if (target === undefined) {
      new JobsStore(ctx.db).recordParams(job.id, { ...what, download: basename(file), bytes });
      pruneDownloads(downloads);
    } else new JobsStore(ctx.db).recordParams(job.id, { ...what, savedTo: target, bytes });
    return {
      jobId: job.id,
      what: input.what,
      fileName: content.fileName,
      bytes,
      rows: content.rows,
      savedTo: target ?? null,
      downloadId: target === undefined ? job.id : null,
      warnings: content.warnings,
    };
  });
}
