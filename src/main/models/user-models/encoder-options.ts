/** What every user-model loader accepts and every embed call returns. */
import type { ProviderChoice, ProviderName } from '../execution-providers';
import { sessionFactory, type ModelSession, type SessionFactory } from '../session';
import type { ReadFolderOptions } from './model-folder';

export interface EncoderOptions extends ReadFolderOptions {
  /** The session factory to use; default the process-wide one. */
  factory?: SessionFactory;
  /** Override the factory's provider choice for this model. */
  provider?: ProviderChoice;
  /** Most items per run, to bound memory on long inputs; default 16. */
  maxBatch?: number;
}

export interface EmbedResult {
  /** One vector per input item, in input order; each owns its memory. */
  vectors: Float32Array[];
  /** The execution provider that ran the model. */
  provider: ProviderName;
}

export const DEFAULT_MAX_BATCH = 16;

export function openGraph(path: string, options: EncoderOptions): Promise<ModelSession> {
  const factory = options.factory ?? sessionFactory();
  return options.provider === undefined ? factory.open(path) : factory.open(path, { provider: options.provider });
}
