/**
 * Rows of a synthetic training set (fusion/synthetic-features.ts, for tests and the benchmark): a clip
 * with a split but no `frames` rows, and gold labels without an edit history. No import or edit writes
 * rows like these, so they stay out of clips-store / labels-store, whose writes keep those promises.
 */
import type { Split } from '../../shared/emotions';
import type { Db } from './database';
import { EMOTION_COLUMN_LIST } from './emotion-columns';
import { sql } from './statements';

export interface SyntheticClip {
  fileId: string;
  path: string;
  contentHash: string;
  split: Split;
  sampleCount: number;
  importedAt: string;
}

/** Stores the clip (an 11.6 s 640×360 h264 mp4 at 30 fps, as the challenge's clips are); returns its id. */
export function insertSyntheticClip(db: Db, clip: SyntheticClip): number {
  const result = sql(
    db,
    `INSERT INTO clips (file_id, path, content_hash, size_bytes, container, duration_s, fps, frame_count, width, height, video_codec, has_audio, split, imported_at, sample_count)
     VALUES (?, ?, ?, 1, 'mp4', 11.6, 30, 348, 640, 360, 'h264', 1, ?, ?, ?)`,
  ).run(clip.fileId, clip.path, clip.contentHash, clip.split, clip.importedAt, clip.sampleCount);
  return Number(result.lastInsertRowid);
}

/** Stores gold labels (seven values in EMOTIONS order) by the author 'synthetic'. */
export function insertSyntheticGoldLabels(db: Db, clipId: number, values: readonly number[], at: string): void {
  sql(db, `INSERT INTO labels (clip_id, annotator, ${EMOTION_COLUMN_LIST}, updated_at, updated_by) VALUES (?, 'gold', ?, ?, ?, ?, ?, ?, ?, ?, 'synthetic')`).run(clipId, ...values, at);
}

/**
 * Marks a synthetic clip analysed with these sampled frames (a face or not, a speech probability), as the
 * `frames` and `analyses` rows of a real analysis hold them; for the lint's benchmark and tests.
 */
export function insertSyntheticFrameAnalysis(db: Db, clipId: number, frames: readonly { face: boolean; speechProb: number }[], at: string): void {
  const insert = sql(
    db,
    `INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s, face_x, face_y, face_w, face_h, face_score, speech_prob)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  frames.forEach((frame, i) => {
    const face = frame.face ? [100, 50, 120, 120, 0.99] : [null, null, null, null, null];
    insert.run(clipId, i, i * 0.36, i * 11, i * 0.36, i * 0.36, (i + 1) * 0.36, ...face, frame.speechProb);
  });
  sql(db, `INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (?, 'synthetic', 'fau', '{}', '{}', ?, ?)`).run(
    clipId,
    frames.filter((frame) => frame.face).length,
    at,
  );
}

/** Marks the clip analysed for `modalities` (what an export of its features checks), with a synthetic signature. */
export function insertSyntheticAnalysis(db: Db, clipId: number, modalities: readonly string[], at: string): void {
  sql(db, `INSERT OR REPLACE INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (?, 'synthetic', ?, '{}', '{}', 0, ?)`).run(clipId, modalities.join(','), at);
}
