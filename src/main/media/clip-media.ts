/**
 * The one range-capable media handler, shared by `viper serve` (/media/<clip id>) and Electron's
 * viper-media: protocol. The file served is always the stored path of an imported clip, looked up by
 * its numeric id: nothing in the request ever becomes a path, so `..` or an absolute path cannot reach
 * another file. And only while it is the file imported (clip-file.ts): else the answer is the error.
 * Where the clip has a ready playback proxy, that file is served instead (playback-source.ts).
 */
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { errorHttpStatus, isViperError, ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { ClipFilesStore } from '../store/clip-files-store';
import { resolveByteRange } from './byte-range';
import { ClipFiles } from './clip-file';
import { readyProxyPath } from './playback-source';

export interface MediaResponse {
  /** 200, 206, 416, or the HTTP status of the error's code (ERROR_KINDS). */
  status: number;
  headers: Record<string, string>;
  /** The bytes to send; for an error, a CallResult's JSON ({ ok: false, error }) as the API answers. */
  body: ReadStream | string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
};

/** `clipIdText` is the request's last path segment; only a plain positive integer names a clip. */
export async function clipMediaResponse(db: Db, clipIdText: string, rangeHeader: string | undefined): Promise<MediaResponse> {
  if (!/^[1-9]\d{0,15}$/.test(clipIdText)) return mediaErrorResponse(notFound(`"${clipIdText}" is not a clip id: media is served only for imported clips, by id.`));
  const stored = new ClipFilesStore(db).file(Number(clipIdText));
  if (!stored) return mediaErrorResponse(notFound(`clip ${clipIdText}: not in the database. Media is served only for imported clips.`));
  let opened;
  try {
    const proxyPath = readyProxyPath(db, stored.id);
    opened = proxyPath ? await openProxy(proxyPath) : await ClipFiles.of(db).open(stored);
  } catch (error) {
    if (isViperError(error)) return mediaErrorResponse(error);
    throw error;
  }
  const { handle, sizeBytes, servedPath } = { servedPath: stored.path, ...opened };
  const base = {
    'Content-Type': CONTENT_TYPES[extname(servedPath).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
  };
  const range = resolveByteRange(rangeHeader, sizeBytes);
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${sizeBytes}`, 'Content-Type': 'text/plain; charset=utf-8' }, body: `range ${rangeHeader ?? ''} is outside the ${sizeBytes} bytes of clip ${stored.fileId}` };
  }
  // The stream closes the handle when it ends or is destroyed (a seeking <video> aborts it).
  if (range.kind === 'whole') {
    return { status: 200, headers: { ...base, 'Content-Length': String(sizeBytes) }, body: handle.createReadStream() };
  }
  return {
    status: 206,
    headers: { ...base, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${sizeBytes}` },
    body: handle.createReadStream({ start: range.start, end: range.end }),
  };
}

/** A ready proxy is our own file, checked against the clip's content when it was made: opened as it is. */
async function openProxy(path: string): Promise<{ handle: Awaited<ReturnType<typeof open>>; sizeBytes: number; servedPath: string }> {
  const handle = await open(path, 'r');
  return { handle, sizeBytes: (await handle.stat()).size, servedPath: path };
}

function notFound(message: string): ViperError {
  return new ViperError('clips/not-found', message, { subject: 'clip' });
}

/** An expected failure as the API answers it, with the status of its code. */
export function mediaErrorResponse(error: ViperError): MediaResponse {
  return {
    status: errorHttpStatus(error.code),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ ok: false, error: error.toInfo() }),
  };
}
