/** Playback proxies (migration 013): per clip, the proxy file made for the page and whether it is ready. */
import type { ErrorInfo } from '../../shared/errors';
import type { Db } from './database';
import { sql } from './statements';

export type ProxyState = 'ready' | 'failed';

export interface StoredProxy {
  clipId: number;
  contentHash: string;
  path: string;
  state: ProxyState;
  /** Why the last build failed; null when ready. */
  error: { code: string; message: string } | null;
  jobId: number | null;
  createdAt: string;
}

interface ProxyRow {
  clip_id: number;
  content_hash: string;
  path: string;
  state: ProxyState;
  error_code: string | null;
  error_message: string | null;
  job_id: number | null;
  created_at: string;
}

function toProxy(row: ProxyRow): StoredProxy {
  return {
    clipId: row.clip_id,
    contentHash: row.content_hash,
    path: row.path,
    state: row.state,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    jobId: row.job_id,
    createdAt: row.created_at,
  };
}

/** What a proxy needs of its clip: the source file, its content identity and length. */
export interface ProxySource {
  clipId: number;
  fileId: string;
  path: string;
  contentHash: string;
  durationS: number;
  videoCodec: string;
  hasAudio: boolean;
  audioCodec: string | null;
}

export class ProxiesStore {
  constructor(private readonly db: Db) {}

  get(clipId: number): StoredProxy | undefined {
    const row = sql(this.db, 'SELECT * FROM playback_proxies WHERE clip_id = ?').get(clipId) as ProxyRow | undefined;
    return row ? toProxy(row) : undefined;
  }

  /** The clips a proxy would be made from, by id (unknown ids are left out). */
  sources(clipIds: readonly number[]): ProxySource[] {
    const statement = sql(
      this.db,
      `SELECT id AS clipId, file_id AS fileId, path, content_hash AS contentHash, duration_s AS durationS,
         video_codec AS videoCodec, has_audio AS hasAudio, audio_codec AS audioCodec
       FROM clips WHERE id = ?`,
    );
    return clipIds.flatMap((id) => {
      const row = statement.get(id) as (Omit<ProxySource, 'hasAudio'> & { hasAudio: number }) | undefined;
      return row ? [{ ...row, hasAudio: row.hasAudio === 1 }] : [];
    });
  }

  /** Every stored clip's id, for "all clips". */
  allClipIds(): number[] {
    return (sql(this.db, 'SELECT id FROM clips ORDER BY id').all() as { id: number }[]).map((row) => row.id);
  }

  markReady(source: ProxySource, path: string, jobId: number, at: string): void {
    this.upsert({ clip_id: source.clipId, content_hash: source.contentHash, path, state: 'ready', error_code: null, error_message: null, job_id: jobId, created_at: at });
  }

  markFailed(source: ProxySource, path: string, error: ErrorInfo, jobId: number, at: string): void {
    this.upsert({ clip_id: source.clipId, content_hash: source.contentHash, path, state: 'failed', error_code: error.code, error_message: error.message, job_id: jobId, created_at: at });
  }

  private upsert(row: ProxyRow): void {
    sql(
      this.db,
      `INSERT INTO playback_proxies (clip_id, content_hash, path, state, error_code, error_message, job_id, created_at)
       VALUES (@clip_id, @content_hash, @path, @state, @error_code, @error_message, @job_id, @created_at)
       ON CONFLICT (clip_id) DO UPDATE SET content_hash = excluded.content_hash, path = excluded.path, state = excluded.state,
         error_code = excluded.error_code, error_message = excluded.error_message, job_id = excluded.job_id, created_at = excluded.created_at`,
    ).run(row);
  }
}
