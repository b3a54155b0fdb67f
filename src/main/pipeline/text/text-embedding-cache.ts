/**
 * Text embeddings remembered in SQLite by (model id, SHA-256 of the text): the caption templates are
 * embedded once, ever, per model — the embedder is not even loaded while every text is cached.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../store/database';
import { TextEmbeddingsStore } from '../../store/text-embeddings-store';
import type { TextEmbedder } from './word-vector-embedder';

export interface LazyTextEmbedder {
  id: string;
  dims: number;
  load(): Promise<TextEmbedder>;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export async function cachedTextEmbeddings(db: Db, embedder: LazyTextEmbedder, texts: readonly string[]): Promise<Map<string, Float32Array>> {
  const store = new TextEmbeddingsStore(db);
  const result = new Map<string, Float32Array>();
  const missing: string[] = [];
  for (const text of new Set(texts)) {
    const vector = store.get(embedder.id, sha256(text));
    if (vector) result.set(text, vector);
    else missing.push(text);
  }
  if (missing.length === 0) return result;
  const vectors = await (await embedder.load()).embed(missing);
  const writes = missing.map((text, i) => ({ textSha256: sha256(text), text, vector: vectors[i] as Float32Array }));
  store.putAll(embedder.id, writes);
  for (const write of writes) result.set(write.text, write.vector);
  return result;
}
