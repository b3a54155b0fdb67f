/**
 * The workstation's media route for workers that cannot read a lab share: GET /media/<clip id>/video (the
 * imported file, only while it is the one imported) and /media/<clip id>/audio (the sidecar track stored
 * at import), on the address given to --media-address, for the life of one queued run. The token rides in
 * the jobs (on Redis) and opens only this run's clips: any other clip id is refused, so a worker's token
 * never reaches the rest of the library, and nothing here reads or serves the database.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { isViperError, ViperError } from '../../shared/errors';
import { ClipFiles } from '../media/clip-file';
import { ClipFilesStore } from '../store/clip-files-store';
import { ClipsStore } from '../store/clips-store';
import type { Db } from '../store/database';

export interface MediaRoute {
  /** The address a worker fetches the clip's part from, token included. */
  urlFor(clipId: number, part: 'video' | 'audio'): string;
  close(): Promise<void>;
}

export function parseMediaAddress(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new ViperError('api/invalid-input', `--media-address "${text}": give it as host:port, the host being this machine's address as the workers reach it (e.g. 10.0.0.5:8765).`, { subject: '--media-address' });
  return { host: (match[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function sendError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(message);
}

export async function startMediaRoute(db: Db, address: string, clipIds: ReadonlySet<number>): Promise<MediaRoute> {
  const { host, port } = parseMediaAddress(address);
  const token = randomBytes(32).toString('base64url');
  const files = new ClipFilesStore(db);
  const clips = new ClipsStore(db);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://route');
    const given = url.searchParams.get('token') ?? '';
    if (!timingSafeEqual(digest(token), digest(given))) return sendError(response, 401, 'missing or wrong token: only the workers of this run may fetch its clips.');
    const match = /^\/media\/(\d{1,15})\/(video|audio)$/.exec(url.pathname);
    if (!match || request.method !== 'GET') return sendError(response, 404, 'not a media address of this run: GET /media/<clip id>/video or /audio.');
    const clipId = Number(match[1]);
    if (!clipIds.has(clipId)) return sendError(response, 403, `clip ${clipId} is not queued in this run: the token opens this run's clips only.`);
    void (async () => {
      const stored = files.file(clipId);
      if (!stored) return sendError(response, 404, `clip ${clipId} was deleted from the workstation's library.`);
      let handle;
      let sizeBytes;
      if (match[2] === 'video') ({ handle, sizeBytes } = await ClipFiles.of(db).open(stored));
      else {
        const audioPath = clips.get(clipId)?.audioPath;
        if (!audioPath) return sendError(response, 404, `clip ${stored.fileId} has no sidecar audio.`);
        handle = await open(audioPath, 'r');
        sizeBytes = (await handle.stat()).size;
      }
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(sizeBytes) });
      await pipeline(handle.createReadStream(), response);
    })().catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else if (isViperError(error)) sendError(response, error.code === 'media/not-found' ? 404 : 409, error.message);
      else sendError(response, 500, `the workstation could not read the clip: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ViperError('api/invalid-input', `--media-address ${address}: cannot listen there (${error.message}). Give this machine's own address and a free port.`, { subject: '--media-address', cause: error })));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    urlFor: (clipId, part) => `${origin}/media/${clipId}/${part}?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
