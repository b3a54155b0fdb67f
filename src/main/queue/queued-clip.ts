/**
 * What crosses Redis between the workstation and a worker, checked with zod on arrival at either end (the
 * two may run different versions): a clip to analyse — its id and content hash, the sampling plan, the
 * modalities, the model-pack signature its result must carry and where its media can be read — and the
 * result, every Float32Array as base64 of its bytes so the stored features are those the worker computed,
 * byte for byte.
 */
import { z } from 'zod';
import { AU_REFERENCES, FAU_MASK_REASONS, frameSampleSchema } from '../../shared/clips-api';
import { modalitySchema, protocolSchema } from '../../shared/common-schemas';
import { ViperError } from '../../shared/errors';
import type { ClipAnalysis } from '../pipeline/analysis/analyse-clip';
import type { Modality } from '../pipeline/analysis/analysis-models';

/** Bumped when either shape changes, so an old worker refuses a new job instead of misreading it. */
export const QUEUE_PROTOCOL = 2;

const mediaSourceSchema = z.object({
  /** The file as the workstation sees it: read directly where a lab share puts it at the same path. */
  path: z.string(),
  /** The workstation's media route for this file (its token limited to this run's clips), or null. */
  url: z.string().nullable(),
});

export const queuedClipSchema = z.object({
  protocol: z.literal(QUEUE_PROTOCOL),
  clipId: z.number().int().positive(),
  fileId: z.string(),
  contentHash: z.string(),
  /** The analysis signature the workstation expects (analysis-models.ts): a worker with another pack refuses. */
  signature: z.string(),
  modalities: z.array(modalitySchema).min(1),
  /** The analysis protocol (default or authors-code) and the AU reference: part of the signature, so a worker must use them. */
  analysisProtocol: protocolSchema,
  auReference: z.enum(AU_REFERENCES),
  samples: z.array(frameSampleSchema).min(1),
  video: mediaSourceSchema,
  /** The sidecar audio stored at import for a video without its own track. */
  audio: mediaSourceSchema.nullable(),
});
export type QueuedClip = z.infer<typeof queuedClipSchema>;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const frameSchema = z.object({
  face: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() }).nullable(),
  pose: z.object({ yawDeg: z.number(), pitchDeg: z.number(), rollDeg: z.number() }).nullable(),
  landmarks33: base64.nullable(),
  caption: z.object({ templateId: z.string(), text: z.string(), score: z.number() }).nullable(),
  speechProb: z.number().nullable(),
  fauMasked: z.enum(FAU_MASK_REASONS).nullable(),
});

export const queuedResultSchema = z.object({
  protocol: z.literal(QUEUE_PROTOCOL),
  clipId: z.number().int().positive(),
  contentHash: z.string(),
  signature: z.string(),
  /** host:pid of the worker, recorded in messages. */
  worker: z.string(),
  providers: z.record(z.string(), z.string()),
  modelIds: z.record(z.string(), z.string()),
  dims: z.record(z.string(), z.number().int().positive()),
  facesFound: z.number().int().nonnegative(),
  frames: z.array(frameSchema),
  parts: z.record(z.string(), base64),
  presence: base64,
});
export type QueuedResult = z.infer<typeof queuedResultSchema>;

const toBase64 = (data: Float32Array): string => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');

function fromBase64(text: string, what: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new ViperError('queue/bad-job', `a queued result's ${what} is ${bytes.byteLength} bytes, not whole float32 values: the worker runs another version. Update it to the workstation's.`, { subject: what });
  // A copy: Buffer.from may hand out a slice of its shared pool, whose offset need not be aligned to 4.
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new Float32Array(aligned.buffer);
}

export interface AnalysedBy {
  worker: string;
  signature: string;
  providers: Record<string, string>;
  modelIds: Record<Modality, string>;
  dims: Record<Modality, number>;
}

export function encodeResult(job: QueuedClip, analysis: ClipAnalysis, by: AnalysedBy): QueuedResult {
  return {
    protocol: QUEUE_PROTOCOL,
    clipId: job.clipId,
    contentHash: job.contentHash,
    signature: by.signature,
    worker: by.worker,
    providers: by.providers,
    modelIds: by.modelIds,
    dims: by.dims,
    facesFound: analysis.facesFound,
    frames: analysis.frames.map((f) => ({ ...f, landmarks33: f.landmarks33 ? toBase64(f.landmarks33) : null })),
    parts: Object.fromEntries(Object.entries(analysis.parts).map(([m, data]) => [m, toBase64(data)])),
    presence: toBase64(analysis.presence),
  };
}

/** The result as analyseClip returned it, from what came back through Redis (already checked by its schema). */
export function decodeResult(result: QueuedResult): { frames: ClipAnalysis['frames']; parts: Partial<Record<string, Float32Array>>; presence: Float32Array } {
  return {
    frames: result.frames.map((f, i) => ({ ...f, landmarks33: f.landmarks33 === null ? null : fromBase64(f.landmarks33, `frame ${i} landmarks`) })),
    parts: Object.fromEntries(Object.entries(result.parts).map(([m, text]) => [m, fromBase64(text, `${m} part`)])),
    presence: fromBase64(result.presence, 'presence'),
  };
}
