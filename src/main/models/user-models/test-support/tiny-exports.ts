/**
 * Tiny stand-ins for the paper's exports, for tests: folders laid out as Optimum writes them, with
 * real ONNX graphs of the same input/output signatures (a few ReduceMean/Gather/MatMul nodes over
 * seeded random weights, so a test can compute the expected vector by hand) and real config,
 * preprocessor and tokenizer files in the Hugging Face formats.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, buildModel, initializer, int64Initializer, node, valueInfo, type proto } from '../../onnx/onnx-graph';

export const IMAGE_DIMS = 768;
export const TEXT_DIMS = 768;
export const AUDIO_DIMS = 512;
export const CLIP_DIMS = 16;
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/** Deterministic weights in [-1, 1) (mulberry32), so expected values can be recomputed. */
export function seededWeights(seed: number, count: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  });
}

export const VOCAB = ['<s>', '<pad>', '</s>', '<unk>', 'a', 'the', 'person', 'face', 'is', 'looks', 'smiling', 'crying', 'happy', 'sad', 'scared', 'surprised', '.'];

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

function special(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** A WordLevel tokenizer.json with RoBERTa's framing (<s> … </s>, <pad> = 1) and its tokenizer_config.json. */
export function writeTokenizer(folder: string, tokenizerClass = 'RobertaTokenizer'): void {
  writeJson(join(folder, 'tokenizer.json'), {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<s>', '<pad>', '</s>', '<unk>'].map((token, id) => special(id, token)),
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(VOCAB.map((token, id) => [token, id])), unk_token: '<unk>' },
  });
  writeJson(join(folder, 'tokenizer_config.json'), {
    tokenizer_class: tokenizerClass,
    bos_token: '<s>',
    eos_token: '</s>',
    pad_token: '<pad>',
    unk_token: '<unk>',
    model_max_length: 32,
  });
}

/** Token ids as the tiny tokenizer gives them for a lower-case, space-separated sentence. */
export function tokenIds(sentence: string): number[] {
  return [0, ...sentence.split(' ').map((word) => VOCAB.indexOf(word)), 2];
}

interface GraphPart {
  nodes: proto.INodeProto[];
  initializers: proto.ITensorProto[];
}

/** out [B, width] = mean over H and W of pixel_values, times weights [3, width]. */
function channelMeanProjection(out: string, weights: Float32Array, width: number, prefix: string): GraphPart {
  return {
    nodes: [node('ReduceMean', ['pixel_values'], [`${prefix}mean`], { axes: attr.ints([2, 3]), keepdims: attr.int(0) }), node('MatMul', [`${prefix}mean`, `${prefix}w`], [out])],
    initializers: [initializer(`${prefix}w`, weights, [3, width])],
  };
}

/** out [B, S, width] = embeddings[ids] + the attention-masked mean of them (pooled [B, 1, width] also named). */
function maskedEmbedding(out: string, pooled: string, table: Float32Array, width: number, masked: boolean, prefix: string): GraphPart {
  const maskNodes = masked
    ? [node('Cast', ['attention_mask'], [`${prefix}maskf`], { to: attr.int(1) }), node('Unsqueeze', [`${prefix}maskf`, `${prefix}axis2`], [`${prefix}mask`])]
    : [node('Shape', ['input_ids'], [`${prefix}shape`]), node('ConstantOfShape', [`${prefix}shape`], [`${prefix}ones`], { value: attr.tensor(initializer('one', Float32Array.from([1]), [1])) }), node('Unsqueeze', [`${prefix}ones`, `${prefix}axis2`], [`${prefix}mask`])];
  return {
    nodes: [
      node('Gather', [`${prefix}table`, 'input_ids'], [`${prefix}emb`]),
      ...maskNodes,
      node('Mul', [`${prefix}emb`, `${prefix}mask`], [`${prefix}masked`]),
      node('ReduceSum', [`${prefix}masked`, `${prefix}axis1`], [`${prefix}sum`], { keepdims: attr.int(1) }),
      node('ReduceSum', [`${prefix}mask`, `${prefix}axis1`], [`${prefix}count`], { keepdims: attr.int(1) }),
      node('Div', [`${prefix}sum`, `${prefix}count`], [pooled]),
      node('Add', [`${prefix}emb`, pooled], [out]),
    ],
    initializers: [initializer(`${prefix}table`, table, [VOCAB.length, width]), int64Initializer(`${prefix}axis1`, [1]), int64Initializer(`${prefix}axis2`, [2])],
  };
}

function writeGraph(path: string, name: string, inputs: proto.IValueInfoProto[], outputs: proto.IValueInfoProto[], parts: GraphPart[], extra: proto.INodeProto[] = []): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const model = buildModel({ graphName: name, inputs, outputs, nodes: [...parts.flatMap((p) => p.nodes), ...extra], initializers: parts.flatMap((p) => p.initializers) });
  writeFileSync(path, model);
}

const PIXELS = valueInfo('pixel_values', 'float32', ['batch_size', 'num_channels', 'height', 'width']);
const IDS = valueInfo('input_ids', 'int64', ['batch_size', 'sequence_length']);
const MASK = valueInfo('attention_mask', 'int64', ['batch_size', 'sequence_length']);

export interface ImageExportOptions {
  /** Older exports write "size": 224; newer ones {"height": 224, "width": 224}. */
  legacySize?: boolean;
  /** 'logits' mimics an export made with the image-classification task. */
  outputName?: string;
}

/** A ViT-like export: last_hidden_state [B, 3, 768], the CLS row = channel means (normalised pixels) × W. */
export function writeImageExport(folder: string, options: ImageExportOptions = {}): { weights: Float32Array; mean: number[]; std: number[] } {
  const weights = seededWeights(1, 3 * IMAGE_DIMS);
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  mkdirSync(folder, { recursive: true });
  writeJson(join(folder, 'config.json'), { architectures: ['ViTModel'], model_type: 'vit', hidden_size: IMAGE_DIMS, image_size: 224, patch_size: 16 });
  writeJson(join(folder, 'preprocessor_config.json'), {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: options.legacySize ? 224 : { height: 224, width: 224 },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: mean,
    image_std: std,
  });
  const out = options.outputName ?? 'last_hidden_state';
  // CLS first, then two "patch" tokens that differ from it (channel maxima), as a ViT's sequence would.
  const cls = channelMeanProjection('cls', weights, IMAGE_DIMS, 'c_');
  const patch: GraphPart = {
    nodes: [node('ReduceMax', ['pixel_values'], ['pmax'], { axes: attr.ints([2, 3]), keepdims: attr.int(0) }), node('MatMul', ['pmax', 'c_w'], ['patch'])],
    initializers: [],
  };
  const tokens = [
    node('Unsqueeze', ['cls', 'axis1'], ['cls3']),
    node('Unsqueeze', ['patch', 'axis1'], ['patch3']),
    node('Concat', ['cls3', 'patch3', 'patch3'], [out], { axis: attr.int(1) }),
  ];
  writeGraph(join(folder, 'onnx', 'model.onnx'), 'vit', [PIXELS], [valueInfo(out, 'float32', ['batch_size', 'sequence_length', IMAGE_DIMS])], [cls, patch, { nodes: [], initializers: [int64Initializer('axis1', [1])] }], tokens);
  return { weights, mean, std };
}

/** A RoBERTa-like export: last_hidden_state[b, t] = E[ids[b, t]] + masked mean of E over the sentence. */
export function writeTextExport(folder: string, options: { masked?: boolean } = {}): { table: Float32Array } {
  const masked = options.masked ?? true;
  const table = seededWeights(2, VOCAB.length * TEXT_DIMS);
  mkdirSync(folder, { recursive: true });
  writeJson(join(folder, 'config.json'), { architectures: ['RobertaModel'], model_type: 'roberta', hidden_size: TEXT_DIMS, pad_token_id: 1 });
  writeTokenizer(folder);
  const part = maskedEmbedding('last_hidden_state', 'pooled', table, TEXT_DIMS, masked, 't_');
  writeGraph(join(folder, 'onnx', 'model.onnx'), 'roberta', masked ? [IDS, MASK] : [IDS], [valueInfo('last_hidden_state', 'float32', ['batch_size', 'sequence_length', TEXT_DIMS])], [part]);
  return { table };
}

/** WavLM-base-plus-sv's conv and TDNN sizes, so the minimum fragment length is the real one. */
const WAVLM_SIZES = { conv_kernel: [10, 3, 3, 3, 3, 2, 2], conv_stride: [5, 2, 2, 2, 2, 2, 2], tdnn_kernel: [5, 3, 3, 1, 1], tdnn_dilation: [1, 2, 3, 1, 1] };

export interface AudioExportOptions {
  doNormalize?: boolean;
  samplingRate?: number;
  /** 'last_hidden_state' mimics an export made with the feature-extraction task. */
  outputName?: string;
}

/** An x-vector-like export: embeddings [B, 512] = [mean |x|, max x, min x, mean x³] × W. */
export function writeAudioExport(folder: string, options: AudioExportOptions = {}): { weights: Float32Array } {
  const weights = seededWeights(3, 4 * AUDIO_DIMS);
  mkdirSync(folder, { recursive: true });
  writeJson(join(folder, 'config.json'), { architectures: ['WavLMForXVector'], model_type: 'wavlm', xvector_output_dim: AUDIO_DIMS, ...WAVLM_SIZES });
  writeJson(join(folder, 'preprocessor_config.json'), {
    feature_extractor_type: 'Wav2Vec2FeatureExtractor',
    do_normalize: options.doNormalize ?? true,
    feature_size: 1,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: true,
    sampling_rate: options.samplingRate ?? 16000,
  });
  const out = options.outputName ?? 'embeddings';
  const reduce = (op: string, input: string, output: string) => node(op, [input], [output], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const nodes = [
    node('Abs', ['input_values'], ['abs']),
    reduce('ReduceMean', 'abs', 'f_abs'),
    reduce('ReduceMax', 'input_values', 'f_max'),
    reduce('ReduceMin', 'input_values', 'f_min'),
    node('Mul', ['input_values', 'input_values'], ['sq']),
    node('Mul', ['sq', 'input_values'], ['cube']),
    reduce('ReduceMean', 'cube', 'f_cube'),
    node('Concat', ['f_abs', 'f_max', 'f_min', 'f_cube'], ['features'], { axis: attr.int(1) }),
    node('MatMul', ['features', 'a_w'], [out]),
    node('ReduceSum', [out, 'axis1'], ['logits'], { keepdims: attr.int(1) }),
  ];
  writeGraph(
    join(folder, 'onnx', 'model.onnx'),
    'xvector',
    [valueInfo('input_values', 'float32', ['batch_size', 'sequence_length'])],
    [valueInfo('logits', 'float32', ['batch_size', 1]), valueInfo(out, 'float32', ['batch_size', AUDIO_DIMS])],
    [{ nodes, initializers: [initializer('a_w', weights, [4, AUDIO_DIMS]), int64Initializer('axis1', [1])] }],
  );
  return { weights };
}

/**
 * A CLIP-like export. image_embeds = channel means × Wv; text_embeds = masked mean of Et[ids]
 * (both unnormalised, as the ...WithProjection models give them). `split` writes transformers.js's
 * vision_model.onnx + text_model.onnx, otherwise Optimum's single model.onnx.
 */
export interface ClipExportOptions {
  split: boolean;
  legacySize?: boolean;
  /** Older Optimum names every batch dim "batch_size"; newer ones text_batch_size and image_batch_size. */
  sharedBatchDim?: boolean;
}

export function writeClipExport(folder: string, options: ClipExportOptions): { vision: Float32Array; table: Float32Array } {
  const vision = seededWeights(4, 3 * CLIP_DIMS);
  const table = seededWeights(5, VOCAB.length * CLIP_DIMS);
  mkdirSync(folder, { recursive: true });
  writeJson(join(folder, 'config.json'), { architectures: ['CLIPModel'], model_type: 'clip', projection_dim: CLIP_DIMS, vision_config: { image_size: 224, patch_size: 32 }, text_config: {} });
  writeJson(join(folder, 'preprocessor_config.json'), {
    image_processor_type: 'CLIPImageProcessor',
    do_resize: true,
    size: options.legacySize ? 224 : { shortest_edge: 224 },
    resample: 3,
    do_center_crop: true,
    crop_size: options.legacySize ? 224 : { height: 224, width: 224 },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: CLIP_MEAN,
    image_std: CLIP_STD,
    do_convert_rgb: true,
  });
  writeTokenizer(folder, 'CLIPTokenizer');
  const image = channelMeanProjection('image_embeds', vision, CLIP_DIMS, 'v_');
  const text = maskedEmbedding('t_tokens', 't_pooled', table, CLIP_DIMS, true, 't_');
  const squeeze: GraphPart = { nodes: [node('Squeeze', ['t_pooled', 't_axis1'], ['text_embeds'])], initializers: [] };
  const imageOut = valueInfo('image_embeds', 'float32', ['image_batch_size', CLIP_DIMS]);
  const textOut = valueInfo('text_embeds', 'float32', ['text_batch_size', CLIP_DIMS]);
  if (options.split) {
    writeGraph(join(folder, 'onnx', 'vision_model.onnx'), 'clip_vision', [PIXELS], [imageOut], [image]);
    writeGraph(join(folder, 'onnx', 'text_model.onnx'), 'clip_text', [IDS, MASK], [textOut], [text, squeeze]);
  } else {
    const [textBatch, imageBatch] = options.sharedBatchDim ? ['batch_size', 'batch_size'] : ['text_batch_size', 'image_batch_size'];
    const logits = node('Gemm', ['image_embeds', 'text_embeds'], ['logits_per_image'], { transB: attr.int(1) });
    writeGraph(
      join(folder, 'onnx', 'model.onnx'),
      'clip',
      [
        valueInfo('input_ids', 'int64', [textBatch, 'sequence_length']),
        valueInfo('pixel_values', 'float32', [imageBatch, 'num_channels', 'height', 'width']),
        valueInfo('attention_mask', 'int64', [textBatch, 'sequence_length']),
      ],
      [
        valueInfo('logits_per_image', 'float32', [imageBatch, textBatch]),
        valueInfo('text_embeds', 'float32', [textBatch, CLIP_DIMS]),
        valueInfo('image_embeds', 'float32', [imageBatch, CLIP_DIMS]),
      ],
      [image, text, squeeze],
      [logits],
    );
  }
  return { vision, table };
}

export interface AuExportOptions {
  /** config.json's au_names (default AU01, AU06, AU12, AU25, AU99: four of the token's AUs and one it has no slot for). */
  auNames?: string[];
  /** The graph's output width; default one per name. A different number makes the wrong-count export. */
  outputs?: number;
  imageSize?: number;
  intensityMax?: number;
}

/** An AU network export: au_intensities [B, K] = intensity_max × sigmoid(channel means of pixel_values × W [3, K]). */
export function writeAuExport(folder: string, options: AuExportOptions = {}): { weights: Float32Array; auNames: string[]; mean: number[]; std: number[] } {
  const auNames = options.auNames ?? ['AU01', 'AU06', 'AU12', 'AU25', 'AU99'];
  const width = options.outputs ?? auNames.length;
  const weights = seededWeights(5, 3 * width).map((w) => w * 4);
  const intensityMax = options.intensityMax ?? 5;
  const mean = [0.5, 0.5, 0.5];
  const std = [0.25, 0.25, 0.25];
  mkdirSync(folder, { recursive: true });
  writeJson(join(folder, 'config.json'), { au_names: auNames, image_size: options.imageSize ?? 32, image_mean: mean, image_std: std, intensity_max: intensityMax });
  const projection = channelMeanProjection('logits', weights, width, 'a_');
  const scale: GraphPart = { nodes: [node('Sigmoid', ['logits'], ['unit']), node('Mul', ['unit', 'a_max'], ['au_intensities'])], initializers: [initializer('a_max', Float32Array.from([intensityMax]), [])] };
  writeGraph(join(folder, 'onnx', 'model.onnx'), 'au', [PIXELS], [valueInfo('au_intensities', 'float32', ['batch_size', width])], [projection, scale]);
  return { weights, auNames, mean, std };
}
