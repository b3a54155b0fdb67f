/** The default text embedding with the real 100-d word-vector table, and its SQLite cache. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/database';
import { makeTempDir } from '../../test-support/fixtures';
import { cachedTextEmbeddings } from './text-embedding-cache';
import { defaultTextEmbedder, WORD_VECTOR_DIMS } from './word-vector-embedder';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((v, i) => {
    dot += v * (b[i] as number);
    na += v * v;
    nb += (b[i] as number) ** 2;
  });
  return dot / Math.sqrt(na * nb);
};

describe('text embeddings', () => {
  it('embeds captions so that related ones lie closer, and caches them by text', async () => {
    const db = openStore(join(temp.dir, 'viper.db'));
    const texts = ['a person laughing out loud', 'a person bursting with laughter', 'a person terrified, eyes wide and mouth stretched', 'zzqx qqzx'];
    const embedder = defaultTextEmbedder();
    const first = await cachedTextEmbeddings(db, embedder, texts);
    const [laugh, burst, terror, unknown] = texts.map((t) => first.get(t) as Float32Array);
    expect(laugh).toHaveLength(WORD_VECTOR_DIMS);
    expect(cosine(laugh!, burst!)).toBeGreaterThan(cosine(laugh!, terror!));
    expect(unknown!.every((v) => v === 0)).toBe(true);

    // Everything is cached now: an embedder that cannot load proves the table is not read again.
    const cachedOnly = { ...embedder, load: () => Promise.reject(new Error('the table must not be loaded for cached texts')) };
    const second = await cachedTextEmbeddings(db, cachedOnly, texts);
    for (const text of texts) expect(Buffer.from((second.get(text) as Float32Array).buffer).equals(Buffer.from((first.get(text) as Float32Array).buffer))).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM text_embeddings').get()).toEqual({ n: 4 });
    db.close();
  });
});
