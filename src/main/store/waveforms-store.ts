/** The table clip_waveforms: a clip's peak levels per time bucket, kept once computed. */
import type { Db } from './database';
import { float32Blob, float32FromBlob } from './float32-blob';
import { sql } from './statements';

export interface StoredWaveform {
  bucketS: number;
  /** Peak |sample| in each bucket, 0–1, from the clip's start. */
  peaks: Float32Array;
}

export class WaveformsStore {
  constructor(private readonly db: Db) {}

  get(clipId: number): StoredWaveform | null {
    const row = sql(this.db, 'SELECT bucket_s, peaks FROM clip_waveforms WHERE clip_id = ?').get(clipId) as { bucket_s: number; peaks: Buffer } | undefined;
    return row ? { bucketS: row.bucket_s, peaks: float32FromBlob(row.peaks, `clip_waveforms, clip ${clipId}`) } : null;
  }

  put(clipId: number, waveform: StoredWaveform, at: string): void {
    sql(this.db, 'INSERT OR REPLACE INTO clip_waveforms (clip_id, bucket_s, peaks, created_at) VALUES (?, ?, ?, ?)').run(clipId, waveform.bucketS, float32Blob(waveform.peaks), at);
  }
}
