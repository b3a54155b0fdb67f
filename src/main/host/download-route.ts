/**
 * GET /download/<job id>: the file an exports.create job without a destination left in exports/, sent as an
 * attachment (the browser's download). Token-protected like /api and /media. Bounded: only a finished
 * export job's own file is served, looked up by numeric id in the database (nothing from the request
 * becomes a path), streamed rather than read into memory, and exports/ keeps only the newest few.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ErrorCode } from '../../shared/errors';
import type { ApiContext } from '../api/context';
import { downloadOf, exportsFolder } from '../api/export-file';
import { JobsStore } from '../store/jobs-store';
import { sendJson } from './api-route';
import { sendFile } from './send-file';

const CONTENT_TYPES: Record<string, string> = { csv: 'text/csv; charset=utf-8', tar: 'application/x-tar' };

export async function sendDownload(ctx: ApiContext, idText: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const refuse = (status: number, code: ErrorCode, message: string): void => sendJson(response, status, { ok: false, error: { code, message } });
  const jobId = /^\d{1,12}$/.test(idText) ? Number(idText) : NaN;
  const download = Number.isSafeInteger(jobId) ? downloadOf(new JobsStore(ctx.db), jobId) : undefined;
  if (!download) return refuse(404, 'jobs/not-found', `no finished download export has id "${idText}": export again from the page.`);
  const path = join(exportsFolder(ctx.dbPath), download.file);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return refuse(404, 'jobs/not-found', `the file of export ${jobId} is gone (exports/ keeps the newest few): export again from the page.`);
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[download.fileName.split('.').pop() ?? ''] ?? 'application/octet-stream',
    'Content-Length': size,
    // The name is the exporter's own ([\w.-] only), so it needs no quoting beyond the quotes.
    'Content-Disposition': `attachment; filename="${download.fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') response.end();
  else await sendFile(createReadStream(path), response);
}
