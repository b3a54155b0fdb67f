/**
 * viper-media://clip/<id>: imported clips' videos for the desktop app's <video>, through the same
 * range-capable handler as `viper serve` (src/main/media/clip-media.ts), so only imported clips are
 * ever served and nothing in the URL becomes a path (media-request.ts checks the URL). A <video> that
 * seeks cancels the response, which destroys the file stream (Readable.toWeb), closing the file.
 */
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { MEDIA_SCHEME } from '../../shared/client';
import type { ApiContext } from '../api/context';
import { mediaProtocolResponse } from './media-request';

/** Must run before app 'ready': a scheme must be privileged for <video> to stream and seek it. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { stream: true, supportFetchAPI: true } }]);
}

export function handleMediaProtocol(ctx: ApiContext): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const media = await mediaProtocolResponse(ctx.db, request.url, request.headers.get('range') ?? undefined);
    const body = typeof media.body === 'string' ? media.body : (Readable.toWeb(media.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: media.status, headers: media.headers });
  });
}
