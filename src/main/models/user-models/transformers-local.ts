/**
 * @huggingface/transformers for the preprocessing a model's own config files describe: tokenizers,
 * image processors, audio feature extractors. Local files only: importing this module turns remote
 * models off for the process (nothing may download at run time), and every load names an absolute
 * folder with local_files_only. Inference itself goes through session.ts, not transformers.js.
 */
import {
  AutoFeatureExtractor,
  AutoImageProcessor,
  AutoTokenizer,
  env,
  type FeatureExtractor,
  type ImageProcessor,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { ViperError } from '../../../shared/errors';

env.allowRemoteModels = false;
env.allowLocalModels = true;
// Local files are read in place; a cache would only hold stale copies of them.
env.useFSCache = false;
env.useBrowserCache = false;

const LOCAL_ONLY = { local_files_only: true } as const;

async function loadLocal<T>(folder: string, what: string, files: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ViperError(
      'models/bad-config',
      `${folder}: transformers.js could not build the ${what} from ${files} (${reason}). Restore those files from the export, or export the model again.`,
      { subject: folder, cause: error },
    );
  }
}

export type { FeatureExtractor, ImageProcessor, PreTrainedTokenizer };

export function loadTokenizer(folder: string): Promise<PreTrainedTokenizer> {
  return loadLocal(folder, 'tokenizer', 'tokenizer.json and tokenizer_config.json', () => AutoTokenizer.from_pretrained(folder, LOCAL_ONLY));
}

export function loadImageProcessor(folder: string): Promise<ImageProcessor> {
  return loadLocal(folder, 'image processor', 'preprocessor_config.json', () => AutoImageProcessor.from_pretrained(folder, LOCAL_ONLY));
}

export function loadFeatureExtractor(folder: string): Promise<FeatureExtractor> {
  return loadLocal(folder, 'audio feature extractor', 'preprocessor_config.json', () => AutoFeatureExtractor.from_pretrained(folder, LOCAL_ONLY));
}
