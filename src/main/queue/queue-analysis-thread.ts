/**
 * Worker-thread entry of `viper worker` (a WorkerService, one thread per --concurrency slot): loads the
 * model pack once per set of modalities and runs the same analyseClip a local analysis runs, so the
 * process's main thread stays free to renew its BullMQ locks. The text-embedding cache lives in a
 * private in-memory database: a worker never opens the workstation's.
 */
import { hostname } from 'node:os';
import { ViperError } from '../../shared/errors';
import { serveWorkerRequests } from '../jobs/worker-side';
import { mediaTools } from '../media/media-tools';
import { analyseClip } from '../pipeline/analysis/analyse-clip';
import { loadAnalysisModels, MODALITIES, type AnalysisModels, type Modality } from '../pipeline/analysis/analysis-models';
import type { AuReference } from '../pipeline/fau/neutral-reference';
import { openStore } from '../store/database';
import type { Protocol } from '../../shared/common-schemas';
import { encodeResult, type QueuedClip, type QueuedResult } from './queued-clip';

export interface QueueThreadInit {
  modelsDir: string;
}

export type QueueThreadRequest =
  /** Loads every modality's models: a worker without its pack fails at start, not at its first job. */
  | { kind: 'warm' }
  | { kind: 'analyse'; job: QueuedClip; videoPath: string; audioPath: string | null };

export type QueueThreadReply = { kind: 'warm'; signature: string; providers: Record<string, string> } | { kind: 'analysed'; result: QueuedResult };

serveWorkerRequests<QueueThreadInit, QueueThreadRequest, QueueThreadReply, never>((init) => {
  const cache = openStore(':memory:');
  const loaded = new Map<string, Promise<AnalysisModels>>();
  const modelsFor = (modalities: readonly Modality[], protocol: Protocol = 'default', auReference: AuReference = 'population'): Promise<AnalysisModels> => {
    const key = [[...modalities].sort().join(','), protocol, auReference].join('|');
    let models = loaded.get(key);
    if (!models) {
      models = loadAnalysisModels(cache, init.modelsDir, modalities, protocol, auReference);
      // A failed load is tried again by the next job (the pack may have been built meanwhile).
      models.catch(() => loaded.delete(key));
      loaded.set(key, models);
    }
    return models;
  };
  const worker = `${hostname()}:${process.pid}`;
  return async (request, { signal }) => {
    if (request.kind === 'warm') {
      const models = await modelsFor(MODALITIES);
      return { kind: 'warm', signature: models.signature, providers: models.providers };
    }
    const { job } = request;
    const models = await modelsFor(job.modalities, job.analysisProtocol, job.auReference);
    if (models.signature !== job.signature) {
      throw new ViperError(
        'queue/pack-mismatch',
        `clip ${job.fileId}: this worker's model pack (${init.modelsDir}) differs from the workstation's — analysis signature ${models.signature.slice(0, 12)}…, the job wants ${job.signature.slice(0, 12)}…. Give this machine the workstation's pack (copy its models/ folder, user models included, and the same caption templates), then start "npx viper worker" again.`,
        { subject: init.modelsDir },
      );
    }
    const analysis = await analyseClip(await mediaTools(), { path: request.videoPath, audioPath: request.audioPath }, job.samples, models, job.modalities, signal, undefined, job.analysisProtocol);
    return { kind: 'analysed', result: encodeResult(job, analysis, { worker, signature: models.signature, providers: models.providers, modelIds: models.modelIds, dims: models.dims }) };
  };
});
