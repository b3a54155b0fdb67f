/**
 * Text embeddings remembered in SQLite by (model id, SHA-256 of the text): the caption templates are
 * embedded once, ever, per model — the embedder is not even loaded while every text is cached.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/database';
import type { TextEmbedder } from './word-vector-embedder';

export interface LazyTextEmbedder {
  id: string;
  dims: number;
  load(): Promise<TextEmbedder>;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export async function cachedTextEmbeddings(db: Db, embedder: LazyTextEmbedder, texts: readonly string[]): Promise<Map<string, Float32Array>> {
  const select = db.prepare('SELECT vector FROM text_embeddings WHERE model_id = ? AND text_sha256 = ?');
  const result = new Map<string, Float32Array>();
  const missing: string[] = [];
  for (const text of new Set(texts)) {
    const row = select.get(embedder.id, sha256(text)) as { vector: Buffer } | undefined;
    if (row) result.set(text, new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength)));
    else missing.push(text);
  }
  if (missing.length === 0) return result;
  const vectors = await (await embedder.load()).embed(missing);
  const insert = db.prepare('INSERT OR REPLACE INTO text_embeddings (model_id, text_sha256, text, dims, vector) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    missing.forEach((text, i) => {
      const vector = vectors[i] as Float32Array;
      insert.run(embedder.id, sha256(text), text, vector.length, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      result.set(text, vector);
    });
  })();
  return result;
}
