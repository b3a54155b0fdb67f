/**
 * Writes and reads what the feature pipeline computed for a clip. A clip's analysis is replaced in
 * one transaction — tokens per part, presence, the per-frame face / pose / caption / speech columns
 * and the analyses row — so a killed run leaves either the old analysis or the new one, never half.
 */
import type { Db } from './database';

/** Stored per clip in `features`: one row per token part, plus 'presence' [N, 4] and 'mask' [N]. */
export const PRESENCE_FEATURE = 'presence';
export const MASK_FEATURE = 'mask';

export interface StoredFrameAnalysis {
  face: { x: number; y: number; width: number; height: number; score: number } | null;
  pose: { yawDeg: number; pitchDeg: number; rollDeg: number } | null;
  landmarks33: Float32Array | null;
  caption: { templateId: string; text: string; score: number } | null;
  speechProb: number | null;
}

export interface ClipAnalysisRecord {
  clipId: number;
  signature: string;
  modalities: readonly string[];
  models: Record<string, string>;
  providers: Record<string, string>;
  facesFound: number;
  frames: readonly StoredFrameAnalysis[];
  /** Row-major [N, dims] per part. */
  parts: readonly { modality: string; modelId: string; dims: number; data: Float32Array }[];
  /** [N, 4]: image, audio, text, fau. */
  presence: Float32Array;
  analysedAt: string;
}

const blob = (data: Float32Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

export function analysisSignature(db: Db, clipId: number): string | undefined {
  return (db.prepare('SELECT signature FROM analyses WHERE clip_id = ?').get(clipId) as { signature: string } | undefined)?.signature;
}

export function writeClipAnalysis(db: Db, record: ClipAnalysisRecord): void {
  const n = record.frames.length;
  const mask = new Float32Array(n);
  // A frame takes part in attention when any of the analysed parts holds data for it.
  for (let i = 0; i < n; i += 1) mask[i] = record.presence.subarray(i * 4, i * 4 + 4).some((v) => v === 1) ? 1 : 0;
  const insertFeature = db.prepare('INSERT INTO features (clip_id, modality, model_id, shape_json, dtype, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const updateFrame = db.prepare(
    `UPDATE frames SET face_x = ?, face_y = ?, face_w = ?, face_h = ?, face_score = ?, head_yaw_deg = ?, head_pitch_deg = ?,
       head_roll_deg = ?, landmarks33 = ?, speech_prob = ? WHERE clip_id = ? AND sample_index = ?`,
  );
  const insertCaption = db.prepare('INSERT INTO captions (clip_id, sample_index, template_id, text, score) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM features WHERE clip_id = ?').run(record.clipId);
    db.prepare('DELETE FROM captions WHERE clip_id = ?').run(record.clipId);
    for (const part of record.parts) insertFeature.run(record.clipId, part.modality, part.modelId, JSON.stringify([n, part.dims]), 'float32', blob(part.data), record.analysedAt);
    insertFeature.run(record.clipId, PRESENCE_FEATURE, 'presence', JSON.stringify([n, 4]), 'float32', blob(record.presence), record.analysedAt);
    insertFeature.run(record.clipId, MASK_FEATURE, 'mask', JSON.stringify([n]), 'float32', blob(mask), record.analysedAt);
    record.frames.forEach((f, i) => {
      updateFrame.run(f.face?.x ?? null, f.face?.y ?? null, f.face?.width ?? null, f.face?.height ?? null, f.face?.score ?? null, f.pose?.yawDeg ?? null, f.pose?.pitchDeg ?? null, f.pose?.rollDeg ?? null, f.landmarks33 ? blob(f.landmarks33) : null, f.speechProb, record.clipId, i);
      if (f.caption) insertCaption.run(record.clipId, i, f.caption.templateId, f.caption.text, f.caption.score);
    });
    db.prepare('INSERT OR REPLACE INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      record.clipId,
      record.signature,
      record.modalities.join(','),
      JSON.stringify(record.models),
      JSON.stringify(record.providers),
      record.facesFound,
      record.analysedAt,
    );
  })();
}

export interface FeatureTensor {
  modality: string;
  modelId: string;
  shape: number[];
  data: Float32Array;
}

/** A clip's stored feature tensors (token parts, presence, mask). */
export function readClipFeatures(db: Db, clipId: number): FeatureTensor[] {
  const rows = db.prepare('SELECT modality, model_id, shape_json, data FROM features WHERE clip_id = ? ORDER BY modality').all(clipId) as { modality: string; model_id: string; shape_json: string; data: Buffer }[];
  return rows.map((row) => ({
    modality: row.modality,
    modelId: row.model_id,
    shape: JSON.parse(row.shape_json) as number[],
    data: new Float32Array(row.data.buffer.slice(row.data.byteOffset, row.data.byteOffset + row.data.byteLength)),
  }));
}
