/** Table text_embeddings: an embedding per (model id, SHA-256 of the text), so each text is embedded once per model. */
import type { Db } from './database';
import { float32Blob, float32FromBlob } from './float32-blob';
import { sql, writeTransaction } from './statements';

export interface TextEmbeddingWrite {
  textSha256: string;
  text: string;
  vector: Float32Array;
}

export class TextEmbeddingsStore {
  constructor(private readonly db: Db) {}

  /** The stored vector, or undefined when this model never embedded the text. */
  get(modelId: string, textSha256: string): Float32Array | undefined {
    const row = sql(this.db, 'SELECT vector FROM text_embeddings WHERE model_id = ? AND text_sha256 = ?').get(modelId, textSha256) as { vector: Buffer } | undefined;
    return row ? float32FromBlob(row.vector, `text embedding ${textSha256} of ${modelId}`) : undefined;
  }

  /** Stores the vectors (replacing any of the same text and model) in one transaction. */
  putAll(modelId: string, embeddings: readonly TextEmbeddingWrite[]): void {
    const insert = sql(this.db, 'INSERT OR REPLACE INTO text_embeddings (model_id, text_sha256, text, dims, vector) VALUES (?, ?, ?, ?, ?)');
    writeTransaction(this.db, () => {
      for (const e of embeddings) insert.run(modelId, e.textSha256, e.text, e.vector.length, float32Blob(e.vector));
    });
  }
}
