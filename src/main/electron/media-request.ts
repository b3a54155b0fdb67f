/**
 * A viper-media:// request of the desktop app's <video>, as a plain function of its URL: only
 * viper-media://clip/<id> names a clip; anything else (another host, more path segments, a query, an
 * encoded path) is 404 before the store is asked, and the id is then looked up by clip-media.ts, which
 * serves only the stored file of an imported clip, and only while it is the file imported. No electron
 * import, so it is tested without Electron.
 */
import { MEDIA_SCHEME } from '../../shared/client';
import { ViperError } from '../../shared/errors';
import { clipMediaResponse, mediaErrorResponse, type MediaResponse } from '../media/clip-media';
import type { Db } from '../store/database';

/** The clip id text of viper-media://clip/<id>, or null when the URL is not of that form. */
export function mediaClipIdOf(requestUrl: string): string | null {
  if (!URL.canParse(requestUrl)) return null;
  const url = new URL(requestUrl);
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== 'clip' || url.search !== '' || url.username !== '' || url.port !== '') return null;
  const match = /^\/([^/]+)$/.exec(url.pathname);
  return match?.[1] ?? null;
}

export async function mediaProtocolResponse(db: Db, requestUrl: string, rangeHeader: string | undefined): Promise<MediaResponse> {
  const clipIdText = mediaClipIdOf(requestUrl);
  if (clipIdText === null) {
    return mediaErrorResponse(new ViperError('clips/not-found', `${requestUrl}: not a clip's address (${MEDIA_SCHEME}://clip/<id>)`, { subject: 'url' }));
  }
  return clipMediaResponse(db, clipIdText, rangeHeader);
}
