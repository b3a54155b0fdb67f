/**
 * Which file the page plays for a clip: its ready playback proxy where one exists (made because the page
 * cannot decode the original, or asked for), else the original. The media route (clip-media.ts) and
 * clips.get ask here, so what is served and what the page is told always agree.
 */
import { existsSync } from 'node:fs';
import type { Playback } from '../../shared/clips-api';
import type { Db } from '../store/database';
import { ProxiesStore } from '../store/proxies-store';
import { needsPlaybackProxy } from './playback-support';

/** The ready proxy's path, or null to serve the original. A proxy whose file was deleted counts as none. */
export function readyProxyPath(db: Db, clipId: number): string | null {
  const proxy = new ProxiesStore(db).get(clipId);
  return proxy?.state === 'ready' && existsSync(proxy.path) ? proxy.path : null;
}

export function playbackOf(db: Db, clip: { id: number; videoCodec: string }): Playback {
  const proxy = new ProxiesStore(db).get(clip.id);
  const ready = readyProxyPath(db, clip.id) !== null;
  return {
    source: ready ? 'proxy' : 'original',
    needsProxy: needsPlaybackProxy({ codec: clip.videoCodec }),
    proxyState: ready ? 'ready' : proxy?.state === 'failed' ? 'failed' : 'none',
    proxyError: proxy?.state === 'failed' ? (proxy.error?.message ?? null) : null,
  };
}
