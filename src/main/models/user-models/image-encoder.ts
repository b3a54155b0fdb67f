/**
 * The image stage with a user's ViT export (the paper's ViT-Face, nateraw/vit-age-classifier, or
 * google/vit-base-patch16-224-in21k): face crops → the CLS token of the last hidden state.
 */
import { join } from 'node:path';
import { firstTokens, mapInBatches } from '../batch';
import type { ProviderName } from '../execution-providers';
import { DEFAULT_MAX_BATCH, openGraph, type EmbedResult, type EncoderOptions } from './encoder-options';
import { applyLegacySize, pixelValues, type RgbImage } from './image-input';
import { graphOf, readModelFolder } from './model-folder';
import { embeddingWidth, requireSignature } from './signature';
import { STAGE_LAYOUTS } from './stages';
import { loadImageProcessor } from './transformers-local';

export interface ImageEncoder {
  id: string;
  folder: string;
  /** Width of each vector: config.json hidden_size (768 for ViT-Base). */
  dims: number;
  provider: ProviderName;
  embed(crops: readonly RgbImage[]): Promise<EmbedResult>;
}

export async function loadImageEncoder(folder: string, options: EncoderOptions = {}): Promise<ImageEncoder> {
  const model = await readModelFolder(folder, 'image', options);
  const layout = STAGE_LAYOUTS.image;
  const graph = graphOf(model, 'model');
  const [session, processor] = await Promise.all([openGraph(graph, options), loadImageProcessor(model.folder)]);
  requireSignature(
    session,
    layout.title,
    { inputs: [{ name: 'pixel_values', type: 'float32', rank: 4 }], outputs: [{ name: 'last_hidden_state', type: 'float32', rank: 3 }] },
    `Export it with --task feature-extraction, which keeps the encoder's hidden states instead of the classifier's logits: ${layout.exportCommand.replace('<folder>', model.folder)}`,
  );
  applyLegacySize(processor, 'square');
  const configPath = join(model.folder, 'config.json');
  const preprocessorPath = join(model.folder, 'preprocessor_config.json');
  const dims = embeddingWidth(session, 'last_hidden_state', configPath, 'hidden_size', model.config.hidden_size);
  const imageSize = typeof model.config.image_size === 'number' ? model.config.image_size : undefined;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;

  return {
    id: model.id,
    folder: model.folder,
    dims,
    provider: session.provider,
    async embed(crops) {
      const vectors = await mapInBatches(crops, maxBatch, async (batch) => {
        const pixels = await pixelValues(processor, batch, graph, preprocessorPath, imageSize);
        const { outputs } = await session.run({ pixel_values: pixels }, ['last_hidden_state']);
        return firstTokens(outputs.last_hidden_state);
      });
      return { vectors, provider: session.provider };
    },
  };
}
