/**
 * Queries on where each clip's file is and what it was when imported (migration 012): the identity that
 * media/clip-file.ts compares a file with before serving it, and the state its last check found.
 */
import type { FileState } from '../../shared/clips-api';
import type { Db } from './database';
import { parseJsonColumn } from './json-columns';
import { mediaInfoSchema, type MediaInfo } from './media-info';
import { sql } from './statements';

/**
 * A file's identity as one stat gives it (media/file-identity.ts reads it): while all four are as recorded,
 * the file is taken to be the one imported without reading it.
 */
export interface FileIdentity {
  sizeBytes: number;
  /** Milliseconds since the epoch, with the fraction the file system keeps. */
  mtimeMs: number;
  /** Decimal text: both are unsigned 64-bit, beyond a double's exact integers on some file systems. */
  dev: string;
  ino: string;
}

/** What ffprobe said of a clip's video at import, and the identity its file has on record. */
export interface ImportProbe {
  media: MediaInfo;
  identity: FileIdentity;
}

/** A clip's file as stored: where it is and what it was at import (or at its last successful check). */
export interface StoredFile {
  id: number;
  fileId: string;
  path: string;
  importPath: string | null;
  contentHash: string;
  /** Null on rows stored before identities were recorded (migration 012) or without one. */
  identity: FileIdentity | null;
  state: FileState;
}

interface FileRow {
  id: number;
  file_id: string;
  path: string;
  import_path: string | null;
  content_hash: string;
  size_bytes: number;
  file_mtime_ms: number | null;
  file_dev: string | null;
  file_ino: string | null;
  file_state: FileState;
}

function toStoredFile(row: FileRow): StoredFile {
  const known = row.file_mtime_ms !== null && row.file_dev !== null && row.file_ino !== null;
  return {
    id: row.id,
    fileId: row.file_id,
    path: row.path,
    importPath: row.import_path,
    contentHash: row.content_hash,
    identity: known ? { sizeBytes: row.size_bytes, mtimeMs: row.file_mtime_ms as number, dev: row.file_dev as string, ino: row.file_ino as string } : null,
    state: row.file_state,
  };
}

export class ClipFilesStore {
  constructor(private readonly db: Db) {}

  file(clipId: number): StoredFile | undefined {
    const row = sql(this.db, 'SELECT id, file_id, path, import_path, content_hash, size_bytes, file_mtime_ms, file_dev, file_ino, file_state FROM clips WHERE id = ?').get(clipId) as
      | FileRow
      | undefined;
    return row ? toStoredFile(row) : undefined;
  }

  /** The clip's file is this one now (checked by its content hash): its place and identity, state ok. */
  recordFile(clipId: number, file: { path: string; importPath: string | null; identity: FileIdentity }): void {
    sql(
      this.db,
      `UPDATE clips SET path = @path, import_path = @importPath, size_bytes = @sizeBytes, file_mtime_ms = @mtimeMs,
         file_dev = @dev, file_ino = @ino, file_state = 'ok' WHERE id = @clipId`,
    ).run({ clipId, path: file.path, importPath: file.importPath, ...file.identity });
  }

  /** What ffprobe said of the clip's video at import (migration 021), kept for its analyses. */
  recordProbe(clipId: number, media: MediaInfo): void {
    sql(this.db, 'INSERT OR REPLACE INTO clip_probes (clip_id, media_json) VALUES (?, ?)').run(clipId, JSON.stringify(media));
  }

  /**
   * The import's probe, with the identity the clip's file has on record: valid while the file's stat still
   * matches it (media/probe.ts clipMediaInfo checks). Null for a clip imported before probes were kept,
   * without a recorded identity, or whose probe row does not fit the schema: it only spares an ffprobe run,
   * so a row another version wrote is not used (and not trusted), and the file is probed again.
   */
  importProbe(clipId: number): ImportProbe | null {
    const file = this.file(clipId);
    const row = sql(this.db, 'SELECT media_json FROM clip_probes WHERE clip_id = ?').get(clipId) as { media_json: string } | undefined;
    if (!file?.identity || !row) return null;
    let media: MediaInfo;
    try {
      media = parseJsonColumn(mediaInfoSchema, row.media_json, `clip ${file.fileId}, clip_probes.media_json`, 'It is probed again.');
    } catch {
      return null;
    }
    // The file as on record now: its path may have changed since import (same content, found elsewhere).
    return { media: { ...media, path: file.path, sizeBytes: file.identity.sizeBytes }, identity: file.identity };
  }

  setFileState(clipId: number, state: FileState): void {
    sql(this.db, 'UPDATE clips SET file_state = ? WHERE id = ? AND file_state IS NOT ?').run(state, clipId, state);
  }
}
