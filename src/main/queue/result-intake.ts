/**
 * A worker's result into the workstation's database, which only the workstation writes: stored as a local
 * analysis would store it (one transaction, writeClipAnalysis), unless the clip was deleted or its file
 * changed since it was queued, the result was made by another pack, or the clip already holds this run's
 * result (a job handed out twice, a result collected again after a restart): those are dropped, and say so.
 */
import type { Protocol } from '../../shared/common-schemas';
import { ViperError } from '../../shared/errors';
import type { Modality } from '../pipeline/analysis/analysis-models';
import { analysisSignature, writeClipAnalysis } from '../store/analysis-store';
import { ClipFilesStore } from '../store/clip-files-store';
import type { Db } from '../store/database';
import { decodeResult, type QueuedResult } from './queued-clip';

export type IntakeOutcome = 'stored' | 'duplicate' | 'clip-deleted' | 'clip-changed' | 'wrong-signature';

export interface IntakeRun {
  signature: string;
  modalities: readonly Modality[];
  /** Recorded with the analysis, as a local one records it. */
  protocol: Protocol;
  /** A forced run replaces analyses of the same signature once; a plain one never does. */
  force: boolean;
  /** Clips this run stored already: a second result for one of them is a duplicate. */
  stored: Set<number>;
  now(): string;
}

export function storeQueuedResult(db: Db, result: QueuedResult, run: IntakeRun): IntakeOutcome {
  const file = new ClipFilesStore(db).file(result.clipId);
  if (!file) return 'clip-deleted';
  if (file.contentHash !== result.contentHash) return 'clip-changed';
  if (result.signature !== run.signature) return 'wrong-signature';
  if (run.stored.has(result.clipId) || (!run.force && analysisSignature(db, result.clipId) === run.signature)) return 'duplicate';
  const decoded = decodeResult(result);
  const frames = decoded.frames.length;
  for (const m of run.modalities) {
    const length = decoded.parts[m]?.length;
    if (length !== frames * (result.dims[m] ?? 0)) {
      throw new ViperError('queue/bad-job', `clip ${result.clipId}: the ${m} part from worker ${result.worker} holds ${length ?? 'no'} values, not ${frames} frames × ${result.dims[m] ?? '?'}: the worker runs another version. Update it to the workstation's.`, { subject: m });
    }
  }
  writeClipAnalysis(db, {
    clipId: result.clipId,
    signature: result.signature,
    modalities: run.modalities,
    models: result.modelIds,
    providers: result.providers,
    facesFound: result.facesFound,
    frames: decoded.frames,
    parts: run.modalities.map((m) => ({ modality: m, modelId: result.modelIds[m] ?? '', dims: result.dims[m] ?? 0, data: decoded.parts[m] ?? new Float32Array(0) })),
    presence: decoded.presence,
    protocol: run.protocol,
    analysedAt: run.now(),
  });
  run.stored.add(result.clipId);
  return 'stored';
}
