/**
 * The stages a lab can fill with its own Hugging Face exports (the paper's ViT, CLIP, RoBERTa and
 * WavLM), and what each stage's folder holds: <models>/user/<stage>/<name>/ laid out as Optimum
 * writes it, or as transformers.js expects it (the same files, ONNX graphs under onnx/). The fau
 * stage takes the lab's own AU network, with a config.json that names its outputs (au-model.ts).
 */
export const USER_MODEL_STAGES = ['image', 'clip', 'text', 'audio', 'fau'] as const;
export type UserModelStage = (typeof USER_MODEL_STAGES)[number];

/** ONNX graphs by role, each with its accepted file names, full precision first. */
export type GraphNames = Readonly<Record<string, readonly string[]>>;

export interface StageLayout {
  /** What the stage is, for messages. */
  title: string;
  /** Files beside the graphs that the stage reads, as Optimum names them. */
  files: readonly string[];
  /** Accepted sets of graphs; the first set found complete is used. */
  graphSets: readonly GraphNames[];
  /** The export command of the paper's checkpoint, for messages; <folder> is replaced. */
  exportCommand: string;
}

const MODEL = ['model.onnx', 'model_quantized.onnx'];

export const STAGE_LAYOUTS: Readonly<Record<UserModelStage, StageLayout>> = {
  image: {
    title: 'image encoder (ViT, CLS of the last hidden state)',
    files: ['config.json', 'preprocessor_config.json'],
    graphSets: [{ model: MODEL }],
    exportCommand: 'optimum-cli export onnx --model nateraw/vit-age-classifier --task feature-extraction <folder>',
  },
  clip: {
    title: 'CLIP image/text pair',
    files: ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'],
    graphSets: [
      // transformers.js's split export first: each modality runs without a dummy of the other.
      { vision: ['vision_model.onnx', 'vision_model_quantized.onnx'], text: ['text_model.onnx', 'text_model_quantized.onnx'] },
      { model: MODEL },
    ],
    exportCommand: 'optimum-cli export onnx --model openai/clip-vit-base-patch32 --task feature-extraction <folder>',
  },
  text: {
    title: 'text encoder (RoBERTa, first-token state)',
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json'],
    graphSets: [{ model: MODEL }],
    exportCommand: 'optimum-cli export onnx --model roberta-base --task feature-extraction <folder>',
  },
  audio: {
    title: 'audio x-vector encoder (WavLM, 16 kHz)',
    files: ['config.json', 'preprocessor_config.json'],
    graphSets: [{ model: MODEL }],
    exportCommand: 'optimum-cli export onnx --model microsoft/wavlm-base-plus-sv --task audio-xvector <folder>',
  },
  fau: {
    title: 'AU model (face crop → action-unit intensities)',
    files: ['config.json'],
    graphSets: [{ model: MODEL }],
    exportCommand:
      'torch.onnx.export(au_net, torch.zeros(1, 3, 224, 224), "<folder>/onnx/model.onnx", input_names=["pixel_values"], output_names=["au_intensities"], dynamic_axes={"pixel_values": {0: "batch"}, "au_intensities": {0: "batch"}}), then write <folder>/config.json with "au_names" (one per output, in order)',
  },
};

export function isUserModelStage(value: string): value is UserModelStage {
  return (USER_MODEL_STAGES as readonly string[]).includes(value);
}
