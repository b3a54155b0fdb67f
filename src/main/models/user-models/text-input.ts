/**
 * Texts to token feeds with the model's own tokenizer (tokenizer.json + tokenizer_config.json:
 * special tokens, padding side and id, truncation at model_max_length).
 */
import { Tensor } from 'onnxruntime-node';
import { mapInBatches } from '../batch';
import type { PreTrainedTokenizer } from './transformers-local';

interface TokenTensor {
  data: BigInt64Array;
  dims: number[];
}

/** Feeds for the inputs the graph declares among input_ids, attention_mask and token_type_ids. */
export function tokenFeeds(tokenizer: PreTrainedTokenizer, texts: string[], inputNames: readonly string[]): Record<string, Tensor> {
  const encoded = tokenizer(texts, { padding: true, truncation: true }) as Record<string, TokenTensor | undefined>;
  const ids = encoded.input_ids as TokenTensor;
  const feeds: Record<string, Tensor> = {};
  for (const name of inputNames) {
    // Single-segment input: token types are all zero when the tokenizer does not emit them (RoBERTa).
    const tensor = encoded[name] ?? (name === 'token_type_ids' ? { data: new BigInt64Array(ids.data.length), dims: ids.dims } : undefined);
    if (tensor !== undefined) feeds[name] = new Tensor('int64', tensor.data, tensor.dims);
  }
  return feeds;
}

/**
 * Runs texts in batches. A graph with attention_mask takes padded batches; one without it would read
 * the padding, so texts are grouped by token count and never padded.
 */
export function mapTextBatches<R>(
  tokenizer: PreTrainedTokenizer,
  texts: readonly string[],
  options: { masked: boolean; maxBatch: number },
  run: (batch: string[]) => Promise<R[]>,
): Promise<R[]> {
  const tokenCount = (text: string) => (tokenizer(text, { truncation: true }) as { input_ids: TokenTensor }).input_ids.dims[1] ?? 0;
  return mapInBatches(texts, options.maxBatch, run, options.masked ? undefined : tokenCount);
}
