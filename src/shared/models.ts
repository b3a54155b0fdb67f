/**
 * Model packs in the contract: the manifest written beside each built model (models/<id>.json) and what
 * `models.list`, `models.build` and `models.verify` return. Shapes use numbers for fixed sizes, 'batch' for
 * the dynamic batch axis and null for another unknown size.
 */
import { z } from 'zod';
import { errorInfoSchema } from './common-schemas';

export const MODEL_STAGES = ['detector', 'landmarks', 'iris', 'emotion', 'descriptor', 'vad'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

/** Bumped when the manifest layout changes; older manifests are rebuilt. */
export const MANIFEST_VERSION = 1;

const dimSchema = z.union([z.number().int().min(0), z.string(), z.null()]);

export const manifestTensorSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(dimSchema).nullable(),
  /** Axis order, e.g. NHWC for images. */
  layout: z.string(),
  description: z.string(),
});
export type ManifestTensor = z.infer<typeof manifestTensorSchema>;

const sourceFileSchema = z.object({
  /** Path inside the npm package. */
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
});

/** Summary of one output on the build's self-test input, for `models verify` to compare against. */
const selfTestOutputSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  mean: z.number(),
  maxAbs: z.number(),
  /** The first values of the output, in order. */
  sample: z.array(z.number()),
});

export const modelManifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  id: z.string(),
  stage: z.enum(MODEL_STAGES),
  description: z.string(),
  /** The ONNX file, relative to the models folder. */
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  inputs: z.array(manifestTensorSchema),
  outputs: z.array(manifestTensorSchema),
  preprocessing: z.object({
    size: z.tuple([z.number().int(), z.number().int()]).nullable(),
    colour: z.enum(['rgb', 'grey', 'mono-audio']),
    range: z.tuple([z.number(), z.number()]),
    steps: z.string(),
  }),
  /** Class names in output order, where the model classifies. */
  labels: z.array(z.string()).nullable(),
  provenance: z.object({
    npmPackage: z.string(),
    npmVersion: z.string(),
    sourceFiles: z.array(sourceFileSchema),
    /** How the ONNX file was made from the sources. */
    conversion: z.string(),
    generatedBy: z.string().nullable(),
    convertedBy: z.string().nullable(),
    upstreamName: z.string(),
    upstreamUrl: z.string(),
    trainingData: z.string(),
  }),
  licence: z.object({ packaging: z.string(), upstream: z.string() }),
  /** What the build is keyed on besides the source hashes: the converter and the pack entry itself. */
  converterVersion: z.number().int(),
  specSha256: z.string(),
  selfTest: z.object({ seed: z.number().int(), outputs: z.array(selfTestOutputSchema) }),
  builtAt: z.string(),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

export const MODEL_STATUSES = ['ready', 'missing', 'stale', 'damaged'] as const;

export const modelListEntrySchema = z.object({
  id: z.string(),
  stage: z.enum(MODEL_STAGES),
  description: z.string(),
  /** ready: built and current; missing: not built; stale: built from other sources or an older converter; damaged: files do not match their manifest. */
  status: z.enum(MODEL_STATUSES),
  /** Why the status is not 'ready', with the fix. */
  detail: z.string().nullable(),
  licence: z.object({ packaging: z.string(), upstream: z.string() }),
  source: z.string(),
  manifest: modelManifestSchema.nullable(),
});
export type ModelListEntry = z.infer<typeof modelListEntrySchema>;

export const modelBuildEntrySchema = z.object({
  id: z.string(),
  action: z.enum(['built', 'unchanged']),
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  durationMs: z.number(),
});

export type ModelBuildEntry = z.infer<typeof modelBuildEntrySchema>;

export const modelVerifyEntrySchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  /** The forward pass on the self-test input: each output's shape and its largest |difference| from the build's. */
  outputs: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), maxDeviation: z.number() })),
  provider: z.string().nullable(),
  durationMs: z.number(),
  error: errorInfoSchema.nullable(),
});
export type ModelVerifyEntry = z.infer<typeof modelVerifyEntrySchema>;
