/**
 * The audio stage with a user's x-vector export (the paper's microsoft/wavlm-base-plus-sv): 16 kHz
 * mono fragments → the x-vector `embeddings` output (512-d, not normalised, as the authors used it).
 * Normalisation of the waveform (do_normalize) follows the model's preprocessor_config.json.
 */
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { ViperError } from '../../../shared/errors';
import { mapInBatches, stackFloat32, unstackRows } from '../batch';
import type { ProviderName } from '../execution-providers';
import { DEFAULT_MAX_BATCH, openGraph, type EmbedResult, type EncoderOptions } from './encoder-options';
import { graphOf, readJsonObject, readModelFolder, type JsonObject } from './model-folder';
import { embeddingWidth, requireSignature } from './signature';
import { STAGE_LAYOUTS } from './stages';
import { loadFeatureExtractor } from './transformers-local';

/** The rate the media stage decodes audio at; the model must expect the same. */
export const AUDIO_ENCODER_RATE_HZ = 16_000;

export interface AudioEncoder {
  id: string;
  folder: string;
  /** Width of each vector: config.json xvector_output_dim (512 for WavLM-base-plus-sv). */
  dims: number;
  /** Shortest fragment the model accepts, in samples (from its convolution and TDNN sizes). */
  minSamples: number;
  provider: ProviderName;
  /** Fragments at 16 kHz; fragments of equal length share a run, so none is padded. */
  embed(fragments: readonly Float32Array[]): Promise<EmbedResult>;
}

function intArray(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v)) ? (value as number[]) : undefined;
}

/**
 * Samples needed for one output: the conv feature encoder's receptive field, plus the frames the
 * x-vector TDNN layers consume (each loses dilation × (kernel − 1) frames). 4,880 for WavLM-base-plus-sv.
 */
export function minimumSamples(config: JsonObject): number {
  const kernels = intArray(config.conv_kernel) ?? [];
  const strides = intArray(config.conv_stride) ?? [];
  let receptive = 1;
  let hop = 1;
  kernels.forEach((kernel, i) => {
    receptive += (kernel - 1) * hop;
    hop *= strides[i] ?? 1;
  });
  const tdnnKernels = intArray(config.tdnn_kernel) ?? [];
  const tdnnDilations = intArray(config.tdnn_dilation) ?? [];
  const lostFrames = tdnnKernels.reduce((sum, kernel, i) => sum + (tdnnDilations[i] ?? 1) * (kernel - 1), 0);
  return receptive + lostFrames * hop;
}

export async function loadAudioEncoder(folder: string, options: EncoderOptions = {}): Promise<AudioEncoder> {
  const model = await readModelFolder(folder, 'audio', options);
  const layout = STAGE_LAYOUTS.audio;
  const preprocessorPath = join(model.folder, 'preprocessor_config.json');
  const preprocessor = await readJsonObject(preprocessorPath);
  if (preprocessor.sampling_rate !== AUDIO_ENCODER_RATE_HZ) {
    throw new ViperError(
      'models/bad-config',
      `${preprocessorPath}: sampling_rate is ${String(preprocessor.sampling_rate)}, but the audio stage decodes at ${AUDIO_ENCODER_RATE_HZ} Hz. Install a 16 kHz x-vector model, such as microsoft/wavlm-base-plus-sv.`,
      { subject: preprocessorPath },
    );
  }
  const graph = graphOf(model, 'model');
  const [session, extractor] = await Promise.all([openGraph(graph, options), loadFeatureExtractor(model.folder)]);
  requireSignature(
    session,
    layout.title,
    {
      inputs: [{ name: 'input_values', type: 'float32', rank: 2 }],
      optionalInputs: [{ name: 'attention_mask', type: 'int64', rank: 2 }],
      outputs: [{ name: 'embeddings', type: 'float32', rank: 2 }],
    },
    `Export it with --task audio-xvector, which gives the x-vector "embeddings" output: ${layout.exportCommand.replace('<folder>', model.folder)}`,
  );
  const dims = embeddingWidth(session, 'embeddings', join(model.folder, 'config.json'), 'xvector_output_dim', model.config.xvector_output_dim);
  const minSamples = minimumSamples(model.config);
  const withMask = session.inputs.some((input) => input.name === 'attention_mask');
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;

  const checkFragment = (fragment: Float32Array, index: number) => {
    if (fragment.length < minSamples) {
      throw new ViperError(
        'models/bad-input',
        `${graph}: fragment ${index} has ${fragment.length} samples; this model needs at least ${minSamples} (${((1000 * minSamples) / AUDIO_ENCODER_RATE_HZ).toFixed(0)} ms at 16 kHz). ` +
          `Use longer fragments, or pad them (the authors' code pads every window to 1 s).`,
        { subject: graph },
      );
    }
  };

  return {
    id: model.id,
    folder: model.folder,
    dims,
    minSamples,
    provider: session.provider,
    async embed(fragments) {
      fragments.forEach(checkFragment);
      const vectors = await mapInBatches(
        fragments,
        maxBatch,
        async (batch) => {
          const values = await Promise.all(batch.map(async (fragment) => ((await extractor(fragment)) as { input_values: { data: Float32Array } }).input_values.data));
          const length = batch[0]?.length ?? 0;
          const feeds: Record<string, Tensor> = { input_values: stackFloat32(values, [length]) };
          if (withMask) feeds.attention_mask = new Tensor('int64', new BigInt64Array(batch.length * length).fill(1n), [batch.length, length]);
          const { outputs } = await session.run(feeds, ['embeddings']);
          return unstackRows(outputs.embeddings);
        },
        (fragment) => fragment.length,
      );
      return { vectors, provider: session.provider };
    },
  };
}
