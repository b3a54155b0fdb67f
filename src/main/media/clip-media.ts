/**
 * The one range-capable media handler, shared by `viper serve` (/media/<clip id>) and Electron's
 * viper-media: protocol. The file served is always the stored path of an imported clip, looked up by
 * its numeric id: nothing in the request ever becomes a path, so `..` or an absolute path cannot reach
 * another file. Where the clip has a ready playback proxy, that file is served instead (playback-source.ts).
 */
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { Db } from '../store/database';
import { ClipsStore } from '../store/clips-store';
import { resolveByteRange } from './byte-range';
import { readyProxyPath } from './playback-source';

export interface MediaResponse {
  status: 200 | 206 | 404 | 416;
  headers: Record<string, string>;
  /** The bytes to send; a short plain-text explanation for the error statuses. */
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
export function clipMediaResponse(db: Db, clipIdText: string, rangeHeader: string | undefined): MediaResponse {
  if (!/^[1-9]\d{0,15}$/.test(clipIdText)) return notFound(`"${clipIdText}" is not a clip id: media is served only for imported clips, by id.`);
  const clip = new ClipsStore(db).get(Number(clipIdText));
  if (!clip) return notFound(`clip ${clipIdText}: not in the database. Media is served only for imported clips.`);
  const servedPath = readyProxyPath(db, clip.id) ?? clip.path;
  let sizeBytes: number;
  try {
    const stat = statSync(servedPath);
    if (!stat.isFile()) throw new Error('not a file');
    sizeBytes = stat.size;
  } catch {
    return notFound(`clip ${clip.fileId}: its video ${clip.path} is no longer there (moved or deleted since it was imported). Import it again from where it is now.`);
  }
  const base = {
    'Content-Type': CONTENT_TYPES[extname(servedPath).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
  };
  const range = resolveByteRange(rangeHeader, sizeBytes);
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${sizeBytes}`, 'Content-Type': 'text/plain; charset=utf-8' }, body: `range ${rangeHeader ?? ''} is outside the ${sizeBytes} bytes of clip ${clip.fileId}` };
  }
  if (range.kind === 'whole') {
    return { status: 200, headers: { ...base, 'Content-Length': String(sizeBytes) }, body: createReadStream(servedPath) };
  }
  return {
    status: 206,
    headers: { ...base, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${sizeBytes}` },
    body: createReadStream(servedPath, { start: range.start, end: range.end }),
  };
}

function notFound(message: string): MediaResponse {
  return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: message };
}
