/**
 * Stores a clip row straight into a real database, for tests of what comes after import (labels,
 * serving media) that need no decoding. `path` may name any file: the row is only as true as the test says.
 * When the file is there, its identity is recorded as an import would, so it is served without a hash
 * check (the content hash here is made up); when it is not, the clip reads as moved.
 */
import { existsSync, statSync } from 'node:fs';
import type { ApiContext } from '../api/context';
import { identityOf } from '../media/file-identity';
import { ClipsStore } from '../store/clips-store';

export function storeClip(ctx: ApiContext, fileId: string, path: string, contentHash = fileId): number {
  const known = existsSync(path) ? identityOf(statSync(path, { bigint: true })) : null;
  return new ClipsStore(ctx.db).insert(
    {
      fileId,
      path,
      importPath: null,
      identity: known && { mtimeMs: known.mtimeMs, dev: known.dev, ino: known.ino },
      contentHash,
      sizeBytes: known?.sizeBytes ?? 1,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationS: 2.4,
      fps: 30,
      frameCount: 72,
      width: 640,
      height: 360,
      rotationDeg: 0,
      videoCodec: 'h264',
      audioCodec: null,
      audioSampleRate: null,
      hasAudio: false,
      audioSilent: null,
      audioPath: null,
      sampling: { frameCount: 32, method: 'paper' },
      media: null,
    },
    [],
    '2025-01-01T00:00:00.000Z',
  ).clipId;
}
