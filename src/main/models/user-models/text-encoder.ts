/**
 * The text stage with a user's RoBERTa export (the paper's roberta-base): a caption sentence → the
 * first token's (<s>) state of the last hidden layer.
 */
import { join } from 'node:path';
import { firstTokens } from '../batch';
import type { ProviderName } from '../execution-providers';
import { DEFAULT_MAX_BATCH, openGraph, type EmbedResult, type EncoderOptions } from './encoder-options';
import { graphOf, readModelFolder } from './model-folder';
import { embeddingWidth, requireSignature } from './signature';
import { STAGE_LAYOUTS } from './stages';
import { mapTextBatches, tokenFeeds } from './text-input';
import { loadTokenizer } from './transformers-local';

export interface TextEncoder {
  id: string;
  folder: string;
  /** Width of each vector: config.json hidden_size (768 for roberta-base). */
  dims: number;
  provider: ProviderName;
  embed(texts: readonly string[]): Promise<EmbedResult>;
}

export async function loadTextEncoder(folder: string, options: EncoderOptions = {}): Promise<TextEncoder> {
  const model = await readModelFolder(folder, 'text', options);
  const layout = STAGE_LAYOUTS.text;
  const [session, tokenizer] = await Promise.all([openGraph(graphOf(model, 'model'), options), loadTokenizer(model.folder)]);
  const tokens = (name: string) => ({ name, type: 'int64' as const, rank: 2 });
  requireSignature(
    session,
    layout.title,
    {
      inputs: [tokens('input_ids')],
      optionalInputs: [tokens('attention_mask'), tokens('token_type_ids')],
      outputs: [{ name: 'last_hidden_state', type: 'float32', rank: 3 }],
    },
    `Export it with --task feature-extraction, which gives the hidden states: ${layout.exportCommand.replace('<folder>', model.folder)}`,
  );
  const dims = embeddingWidth(session, 'last_hidden_state', join(model.folder, 'config.json'), 'hidden_size', model.config.hidden_size);
  const inputNames = session.inputs.map((input) => input.name);
  const batching = { masked: inputNames.includes('attention_mask'), maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH };

  return {
    id: model.id,
    folder: model.folder,
    dims,
    provider: session.provider,
    async embed(texts) {
      const vectors = await mapTextBatches(tokenizer, texts, batching, async (batch) => {
        const { outputs } = await session.run(tokenFeeds(tokenizer, batch, inputNames), ['last_hidden_state']);
        return firstTokens(outputs.last_hidden_state);
      });
      return { vectors, provider: session.provider };
    },
  };
}
