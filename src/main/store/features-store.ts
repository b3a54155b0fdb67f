/**
 * Read-side queries on `features` and `analyses` for readers that walk many clips (the feature export):
 * what was stored for a clip without loading its tensors, then the raw blobs clip by clip. Statements
 * are prepared once per store, since an export runs them once or twice per clip.
 */
import type { Db } from './database';

export interface StoredFeatureInfo {
  modality: string;
  modelId: string;
  /** shape_json as stored; parsed by the caller, which knows what to expect. */
  shapeJson: string;
  dtype: string;
  bytes: number;
}

export class FeaturesStore {
  readonly #analysedModalities;
  readonly #info;
  readonly #blobs;

  constructor(db: Db) {
    this.#analysedModalities = db.prepare('SELECT modalities FROM analyses WHERE clip_id = ?');
    this.#info = db.prepare('SELECT modality, model_id AS modelId, shape_json AS shapeJson, dtype, length(data) AS bytes FROM features WHERE clip_id = ?');
    this.#blobs = db.prepare('SELECT modality, data FROM features WHERE clip_id = ?');
  }

  /** The token parts the clip's analysis computed, or null when it was never analysed. */
  analysedModalities(clipId: number): string[] | null {
    const row = this.#analysedModalities.get(clipId) as { modalities: string } | undefined;
    return row ? row.modalities.split(',').filter(Boolean) : null;
  }

  info(clipId: number): StoredFeatureInfo[] {
    return this.#info.all(clipId) as StoredFeatureInfo[];
  }

  /** The clip's tensors as stored (little-endian bytes), by modality. */
  blobs(clipId: number): Map<string, Buffer> {
    const rows = this.#blobs.all(clipId) as { modality: string; data: Buffer }[];
    return new Map(rows.map((row) => [row.modality, row.data]));
  }
}
