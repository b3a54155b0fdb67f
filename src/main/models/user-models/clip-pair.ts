/**
 * The caption stage's matcher with a user's CLIP export (the paper used openai/clip-vit-base-patch32
 * fine-tuned on image emotion): crops and sentences → projected embeddings, L2-normalised so a dot
 * product is the cosine similarity the caption choice ranks by.
 *
 * Two layouts: transformers.js's split export (onnx/vision_model.onnx + onnx/text_model.onnx) runs
 * each modality alone; Optimum's single model.onnx needs both inputs on every run, so the other
 * modality gets a dummy (empty sentences, black images) whose outputs are dropped.
 */
import { join } from 'node:path';
import type { Tensor } from 'onnxruntime-node';
import { mapInBatches, stackFloat32, unstackRows } from '../batch';
import type { ProviderName } from '../execution-providers';
import type { ModelSession } from '../session';
import { DEFAULT_MAX_BATCH, openGraph, type EmbedResult, type EncoderOptions } from './encoder-options';
import { applyLegacySize, pixelValues, type RgbImage } from './image-input';
import { graphOf, readModelFolder, type JsonObject } from './model-folder';
import { embeddingWidth, requireSignature, type TensorNeed } from './signature';
import { STAGE_LAYOUTS } from './stages';
import { mapTextBatches, tokenFeeds } from './text-input';
import { loadImageProcessor, loadTokenizer } from './transformers-local';

export interface ClipPair {
  id: string;
  folder: string;
  /** Width of both embeddings: config.json projection_dim (512 for ViT-B/32). */
  dims: number;
  provider: ProviderName;
  embedImages(crops: readonly RgbImage[]): Promise<EmbedResult>;
  embedTexts(texts: readonly string[]): Promise<EmbedResult>;
}

const PIXELS: TensorNeed = { name: 'pixel_values', type: 'float32', rank: 4 };
const IDS: TensorNeed = { name: 'input_ids', type: 'int64', rank: 2 };
const MASK: TensorNeed = { name: 'attention_mask', type: 'int64', rank: 2 };
const IMAGE_EMBEDS: TensorNeed = { name: 'image_embeds', type: 'float32', rank: 2 };
const TEXT_EMBEDS: TensorNeed = { name: 'text_embeds', type: 'float32', rank: 2 };

function normalised(vectors: Float32Array[]): Float32Array[] {
  return vectors.map((vector) => {
    const norm = Math.hypot(...vector);
    return norm === 0 ? vector : vector.map((value) => value / norm);
  });
}

function visionImageSize(config: JsonObject): number | undefined {
  const vision = config.vision_config as JsonObject | undefined;
  return typeof vision?.image_size === 'number' ? vision.image_size : undefined;
}

export async function loadClipPair(folder: string, options: EncoderOptions = {}): Promise<ClipPair> {
  const model = await readModelFolder(folder, 'clip', options);
  const layout = STAGE_LAYOUTS.clip;
  const split = model.graphs.vision !== undefined;
  const [tokenizer, processor, vision, text] = await Promise.all([
    loadTokenizer(model.folder),
    loadImageProcessor(model.folder),
    openGraph(graphOf(model, split ? 'vision' : 'model'), options),
    split ? openGraph(graphOf(model, 'text'), options) : undefined,
  ]);
  const fix = `Export the full CLIP model: ${layout.exportCommand.replace('<folder>', model.folder)}`;
  if (text === undefined) {
    requireSignature(vision, layout.title, { inputs: [PIXELS, IDS], optionalInputs: [MASK], outputs: [IMAGE_EMBEDS, TEXT_EMBEDS] }, fix);
  } else {
    requireSignature(vision, `${layout.title} (vision side)`, { inputs: [PIXELS], outputs: [IMAGE_EMBEDS] }, fix);
    requireSignature(text, `${layout.title} (text side)`, { inputs: [IDS], optionalInputs: [MASK], outputs: [TEXT_EMBEDS] }, fix);
  }
  const textSession: ModelSession = text ?? vision;
  applyLegacySize(processor, 'shortest-edge');
  const configPath = join(model.folder, 'config.json');
  const preprocessorPath = join(model.folder, 'preprocessor_config.json');
  const dims = embeddingWidth(vision, 'image_embeds', configPath, 'projection_dim', model.config.projection_dim);
  const imageSize = visionImageSize(model.config);
  const textInputs = textSession.inputs.map((input) => input.name).filter((name) => name !== 'pixel_values');
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const batching = { masked: textInputs.includes('attention_mask'), maxBatch };

  // The single-graph layout's dummies: empty sentences, and black crops as the processor shapes them.
  // Older Optimum exports name both batch dims "batch_size", declaring them equal, so then the dummy
  // batch matches the real one; newer ones (text_batch_size, image_batch_size) take a dummy of one.
  const batchDim = (name: string) => vision.inputs.find((input) => input.name === name && input.isTensor);
  const idsDim = batchDim('input_ids');
  const pixelsDim = batchDim('pixel_values');
  const sharedBatch = idsDim?.isTensor === true && pixelsDim?.isTensor === true && idsDim.shape[0] === pixelsDim.shape[0];
  const dummyCount = (batchSize: number) => (sharedBatch ? batchSize : 1);
  const black = text === undefined ? await pixelValues(processor, [{ width: 1, height: 1, rgb: new Uint8Array(3) }], vision.modelPath, preprocessorPath, imageSize) : undefined;
  const dummyText = (batchSize: number): Record<string, Tensor> => (text === undefined ? tokenFeeds(tokenizer, new Array<string>(dummyCount(batchSize)).fill(''), textInputs) : {});
  const dummyImage = (batchSize: number): Record<string, Tensor> =>
    black === undefined ? {} : { pixel_values: stackFloat32(new Array<Float32Array>(dummyCount(batchSize)).fill(black.data as Float32Array), black.dims.slice(1)) };

  return {
    id: model.id,
    folder: model.folder,
    dims,
    provider: vision.provider,
    async embedImages(crops) {
      const vectors = await mapInBatches(crops, maxBatch, async (batch) => {
        const pixels = await pixelValues(processor, batch, vision.modelPath, preprocessorPath, imageSize);
        const feeds = { ...dummyText(batch.length), pixel_values: pixels };
        const { outputs } = await vision.run(feeds, ['image_embeds']);
        return normalised(unstackRows(outputs.image_embeds));
      });
      return { vectors, provider: vision.provider };
    },
    async embedTexts(texts) {
      const vectors = await mapTextBatches(tokenizer, texts, batching, async (batch) => {
        const feeds = { ...tokenFeeds(tokenizer, batch, textInputs), ...dummyImage(batch.length) };
        const { outputs } = await textSession.run(feeds, ['text_embeds']);
        return normalised(unstackRows(outputs.text_embeds));
      });
      return { vectors, provider: textSession.provider };
    },
  };
}
