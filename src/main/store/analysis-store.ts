/**
 * Writes and reads what the feature pipeline computed for a clip. A clip's analysis is replaced in
 * one transaction — tokens per part, presence, the per-frame face / pose / caption / speech columns
 * and the analyses row — so a killed run leaves either the old analysis or the new one, never half.
 */
import { z } from 'zod';
import type { Db } from './database';
import { float32Blob, float32FromBlob } from './float32-blob';
import { featureShapeSchema } from './features-store';
import { protocolSchema, type Protocol } from '../../shared/common-schemas';
import { parseJsonColumn, parseStoredValue } from './json-columns';
import { sql, writeTransaction } from './statements';

/** Stored per clip in `features`: one row per token part, plus 'presence' [N, 4] and 'mask' [N]. */
export const PRESENCE_FEATURE = 'presence';
export const MASK_FEATURE = 'mask';

export interface StoredFrameAnalysis {
  face: { x: number; y: number; width: number; height: number; score: number } | null;
  pose: { yawDeg: number; pitchDeg: number; rollDeg: number } | null;
  landmarks33: Float32Array | null;
  caption: { templateId: string; text: string; score: number } | null;
  speechProb: number | null;
  /** Why the face's FAU part is masked, or null. */
  fauMasked: string | null;
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
  /** 'default', or 'authors-code' (faceless frames kept whole): shared/common-schemas.ts PROTOCOLS. */
  protocol: string;
  analysedAt: string;
}

const REANALYSE = 'Analyse the clip again ("npx viper analyze --force").';

/** models_json and providers_json: token part → model id, and model → the execution provider that ran it. */
const namesByPart = z.record(z.string(), z.string());

export function analysisSignature(db: Db, clipId: number): string | undefined {
  return (sql(db, 'SELECT signature FROM analyses WHERE clip_id = ?').get(clipId) as { signature: string } | undefined)?.signature;
}

export function writeClipAnalysis(db: Db, record: ClipAnalysisRecord): void {
  const n = record.frames.length;
  const mask = new Float32Array(n);
  // A frame takes part in attention when any of the analysed parts holds data for it.
  for (let i = 0; i < n; i += 1) mask[i] = record.presence.subarray(i * 4, i * 4 + 4).some((v) => v === 1) ? 1 : 0;
  const insertFeature = sql(db, 'INSERT INTO features (clip_id, modality, model_id, shape_json, dtype, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const updateFrame = sql(
    db,
    `UPDATE frames SET face_x = ?, face_y = ?, face_w = ?, face_h = ?, face_score = ?, head_yaw_deg = ?, head_pitch_deg = ?,
       head_roll_deg = ?, landmarks33 = ?, speech_prob = ?, fau_mask = ? WHERE clip_id = ? AND sample_index = ?`,
  );
  const insertCaption = sql(db, 'INSERT INTO captions (clip_id, sample_index, template_id, text, score) VALUES (?, ?, ?, ?, ?)');
  writeTransaction(db, () => {
    sql(db, 'DELETE FROM features WHERE clip_id = ?').run(record.clipId);
    sql(db, 'DELETE FROM captions WHERE clip_id = ?').run(record.clipId);
    for (const part of record.parts) insertFeature.run(record.clipId, part.modality, part.modelId, JSON.stringify([n, part.dims]), 'float32', float32Blob(part.data), record.analysedAt);
    insertFeature.run(record.clipId, PRESENCE_FEATURE, 'presence', JSON.stringify([n, 4]), 'float32', float32Blob(record.presence), record.analysedAt);
    insertFeature.run(record.clipId, MASK_FEATURE, 'mask', JSON.stringify([n]), 'float32', float32Blob(mask), record.analysedAt);
    record.frames.forEach((f, i) => {
      updateFrame.run(f.face?.x ?? null, f.face?.y ?? null, f.face?.width ?? null, f.face?.height ?? null, f.face?.score ?? null, f.pose?.yawDeg ?? null, f.pose?.pitchDeg ?? null, f.pose?.rollDeg ?? null, f.landmarks33 ? float32Blob(f.landmarks33) : null, f.speechProb, f.fauMasked, record.clipId, i);
      if (f.caption) insertCaption.run(record.clipId, i, f.caption.templateId, f.caption.text, f.caption.score);
    });
    sql(db, 'INSERT OR REPLACE INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, protocol, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      record.clipId,
      record.signature,
      record.modalities.join(','),
      JSON.stringify(record.models),
      JSON.stringify(record.providers),
      record.facesFound,
      record.protocol,
      record.analysedAt,
    );
  });
}

export interface FeatureTensor {
  modality: string;
  modelId: string;
  shape: number[];
  data: Float32Array;
}

/** A clip's stored feature tensors (token parts, presence, mask). */
export function readClipFeatures(db: Db, clipId: number): FeatureTensor[] {
  const rows = sql(db, 'SELECT modality, model_id, shape_json, data FROM features WHERE clip_id = ? ORDER BY modality').all(clipId) as { modality: string; model_id: string; shape_json: string; data: Buffer }[];
  return rows.map((row) => {
    const where = `features of clip ${clipId} (${row.modality})`;
    return {
      modality: row.modality,
      modelId: row.model_id,
      shape: parseJsonColumn(featureShapeSchema, row.shape_json, `${where}, shape_json`, REANALYSE),
      data: float32FromBlob(row.data, where),
    };
  });
}

/** The analyses row of a clip, its JSON columns parsed. */
export interface StoredAnalysis {
  modalities: string[];
  models: Record<string, string>;
  providers: Record<string, string>;
  facesFound: number;
  protocol: Protocol;
  analysedAt: string;
}

/** What the clip's analysis recorded, or null when it was never analysed. Throws 'store/bad-row' for JSON this version cannot read. */
export function readClipAnalysis(db: Db, clipId: number): StoredAnalysis | null {
  const row = sql(db, 'SELECT modalities, models_json, providers_json, faces_found, protocol, analysed_at FROM analyses WHERE clip_id = ?').get(clipId) as
    | { modalities: string; models_json: string; providers_json: string; faces_found: number; protocol: string; analysed_at: string }
    | undefined;
  if (!row) return null;
  const where = `analysis of clip ${clipId}`;
  return {
    modalities: row.modalities.split(','),
    models: parseJsonColumn(namesByPart, row.models_json, `${where}, models_json`, REANALYSE),
    providers: parseJsonColumn(namesByPart, row.providers_json, `${where}, providers_json`, REANALYSE),
    facesFound: row.faces_found,
    protocol: parseStoredValue(protocolSchema, row.protocol, `${where}, protocol`, REANALYSE),
    analysedAt: row.analysed_at,
  };
}

/** A sampled frame as its analysis left it, with its caption (all null where nothing was found). */
export interface StoredFrameRow {
  sampleIndex: number;
  faceX: number | null;
  faceY: number | null;
  faceW: number | null;
  faceH: number | null;
  faceScore: number | null;
  headYawDeg: number | null;
  headPitchDeg: number | null;
  headRollDeg: number | null;
  speechProb: number | null;
  fauMask: string | null;
  templateId: string | null;
  text: string | null;
  score: number | null;
}

/** The clip's frames in sample order, each with its face, pose, speech probability and caption columns. */
export function readFrameAnalyses(db: Db, clipId: number): StoredFrameRow[] {
  return sql(
    db,
    `SELECT f.sample_index AS sampleIndex, f.face_x AS faceX, f.face_y AS faceY, f.face_w AS faceW, f.face_h AS faceH,
       f.face_score AS faceScore, f.head_yaw_deg AS headYawDeg, f.head_pitch_deg AS headPitchDeg,
       f.head_roll_deg AS headRollDeg, f.speech_prob AS speechProb, f.fau_mask AS fauMask, c.template_id AS templateId, c.text, c.score
     FROM frames f LEFT JOIN captions c ON c.clip_id = f.clip_id AND c.sample_index = f.sample_index
     WHERE f.clip_id = ? ORDER BY f.sample_index`,
  ).all(clipId) as StoredFrameRow[];
}
