/** The tables clip_waveforms and frame_thumbnails: what the review draws of a clip, kept once made. */
import type { Db } from './database';
import { float32Blob, float32FromBlob } from './float32-blob';
import { sql, writeTransaction } from './statements';

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

/** JPEG pictures of a clip's sampled frames, by frame index. */
export class ThumbnailsStore {
  constructor(private readonly db: Db) {}

  get(clipId: number): Map<number, Buffer> {
    const rows = sql(this.db, 'SELECT frame_index, jpeg FROM frame_thumbnails WHERE clip_id = ?').all(clipId) as { frame_index: number; jpeg: Buffer }[];
    return new Map(rows.map((row) => [row.frame_index, row.jpeg]));
  }

  put(clipId: number, pictures: ReadonlyMap<number, Buffer>): void {
    const insert = sql(this.db, 'INSERT OR REPLACE INTO frame_thumbnails (clip_id, frame_index, jpeg) VALUES (?, ?, ?)');
    writeTransaction(this.db, () => {
      for (const [frameIndex, jpeg] of pictures) insert.run(clipId, frameIndex, jpeg);
    });
  }
}
