/**
 * Queries on `features` (and the `analyses` row that says what was computed) for readers that walk many
 * clips: the feature export, training and prediction. Metadata comes without the tensors; blobs come as
 * stored (little-endian bytes) for the reader to check against its layout before decoding them with
 * float32FromBlob. shape_json is parsed with zod here; a shape that does not parse is `shape: null`, which
 * each reader reports in its own words (the clip to analyse again).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './database';
import { float32Blob } from './float32-blob';
import { parseJsonColumnOrNull } from './json-columns';
import { sql } from './statements';

/** A tensor's dimensions, as shape_json holds them: [N, D] for a token part, [N] for the mask. */
export const featureShapeSchema = z.array(z.number().int().nonnegative());

/** shape_json read with the store's schema; null when it is not a list of whole non-negative numbers. */
export function parseFeatureShape(shapeJson: string): number[] | null {
  return parseJsonColumnOrNull(featureShapeSchema, shapeJson);
}

export interface StoredFeatureInfo {
  modality: string;
  modelId: string;
  /** shape_json as stored, for messages. */
  shapeJson: string;
  /** null when shape_json does not parse (a row this version did not write). */
  shape: number[] | null;
  dtype: string;
  bytes: number;
}

/** A feature row with its tensor's bytes, as stored. */
export interface StoredFeatureBlob {
  clipId: number;
  modality: string;
  shapeJson: string;
  shape: number[] | null;
  dtype: string;
  data: Buffer;
}

export interface NewFeature {
  clipId: number;
  modality: string;
  modelId: string;
  shape: readonly number[];
  data: Float32Array;
  createdAt: string;
}

/** json_each() turns one bound JSON list into a set, so one statement serves any number of ids. */
const IN_LIST = 'SELECT value FROM json_each(?)';

export class FeaturesStore {
  constructor(private readonly db: Db) {}

  /** The token parts the clip's analysis computed, or null when it was never analysed. */
  analysedModalities(clipId: number): string[] | null {
    const row = sql(this.db, 'SELECT modalities FROM analyses WHERE clip_id = ?').get(clipId) as { modalities: string } | undefined;
    return row ? row.modalities.split(',').filter(Boolean) : null;
  }

  info(clipId: number): StoredFeatureInfo[] {
    const rows = sql(this.db, 'SELECT modality, model_id AS modelId, shape_json AS shapeJson, dtype, length(data) AS bytes FROM features WHERE clip_id = ?').all(clipId) as Omit<StoredFeatureInfo, 'shape'>[];
    return rows.map((row) => ({ ...row, shape: parseFeatureShape(row.shapeJson) }));
  }

  /** The clip's tensors as stored (little-endian bytes), by modality. */
  blobs(clipId: number): Map<string, Buffer> {
    const rows = sql(this.db, 'SELECT modality, data FROM features WHERE clip_id = ?').all(clipId) as { modality: string; data: Buffer }[];
    return new Map(rows.map((row) => [row.modality, row.data]));
  }

  /** Model and shape of every stored feature of these modalities, over all clips (no tensors). */
  shapesOf(modalities: readonly string[]): { clipId: number; modality: string; modelId: string; shape: number[] | null }[] {
    const rows = sql(this.db, `SELECT clip_id AS clipId, modality, model_id AS modelId, shape_json AS shapeJson FROM features WHERE modality IN (${IN_LIST})`).all(JSON.stringify(modalities)) as {
      clipId: number;
      modality: string;
      modelId: string;
      shapeJson: string;
    }[];
    return rows.map(({ shapeJson, ...row }) => ({ ...row, shape: parseFeatureShape(shapeJson) }));
  }

  /** Clips that have features of every one of these modalities, by id. */
  clipIdsWithAll(modalities: readonly string[]): number[] {
    return sql(
      this.db,
      `SELECT clip_id FROM features WHERE modality IN (${IN_LIST})
       GROUP BY clip_id HAVING COUNT(DISTINCT modality) = ? ORDER BY clip_id`,
    )
      .all(JSON.stringify(modalities), modalities.length)
      .map((row) => (row as { clip_id: number }).clip_id);
  }

  /** The features of these modalities of these clips, tensors included, in no particular order. */
  blobsOf(clipIds: readonly number[], modalities: readonly string[]): StoredFeatureBlob[] {
    const rows = sql(
      this.db,
      `SELECT clip_id AS clipId, modality, shape_json AS shapeJson, dtype, data FROM features
       WHERE clip_id IN (${IN_LIST}) AND modality IN (${IN_LIST})`,
    ).all(JSON.stringify(clipIds), JSON.stringify(modalities)) as Omit<StoredFeatureBlob, 'shape'>[];
    return rows.map((row) => ({ ...row, shape: parseFeatureShape(row.shapeJson) }));
  }

  /**
   * What the features of these modalities hold now, as one sha256 over every row (clip, modality, model,
   * shape and the tensor's bytes, in clip order): equal exactly while no clip was analysed again, added or
   * removed. Streams the rows, so 25k clips are hashed without holding them.
   */
  fingerprint(modalities: readonly string[]): { sha256: string; rows: number } {
    const hash = createHash('sha256');
    let rows = 0;
    const query = sql(this.db, `SELECT clip_id, modality, model_id, shape_json, data FROM features WHERE modality IN (${IN_LIST}) ORDER BY clip_id, modality`);
    for (const row of query.iterate(JSON.stringify(modalities)) as Iterable<{ clip_id: number; modality: string; model_id: string; shape_json: string; data: Buffer }>) {
      hash.update(`${row.clip_id}\0${row.modality}\0${row.model_id}\0${row.shape_json}\0${row.data.length}\0`);
      hash.update(row.data);
      rows += 1;
    }
    return { sha256: hash.digest('hex'), rows };
  }

  /** Adds one float32 tensor (no replace: the caller removed the clip's old rows first). */
  insert(feature: NewFeature): void {
    sql(this.db, 'INSERT INTO features (clip_id, modality, model_id, shape_json, dtype, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      feature.clipId,
      feature.modality,
      feature.modelId,
      JSON.stringify(feature.shape),
      'float32',
      float32Blob(feature.data),
      feature.createdAt,
    );
  }
}
