/**
 * Worker-thread entry of one analysis lane (analysis-lanes.ts): loads the model pack once per set of
 * modalities, protocol and AU reference, and runs analyseClip on the clips it is handed, one at a time.
 * ONNX Runtime runs on the calling thread, so a lane is a thread: while one lane's models run, another's
 * ffmpeg output is read and its JavaScript steps run on the other cores. The same lanes serve a local
 * analysis job and a `viper worker` (queue/queue-worker.ts).
 *
 * ffmpeg and ffprobe start from a small helper process (media/tool-spawner.ts), not from the lane's own.
 *
 * Text embeddings of the caption templates come from the workstation's cache (its database, read only:
 * the job that starts the lanes has filled it) or, for a queue worker, which never opens the workstation's
 * database, from a private in-memory one.
 */
import type { FrameSample } from '../../shared/api';
import type { Protocol } from '../../shared/common-schemas';
import { ViperError } from '../../shared/errors';
import { mediaTools } from '../media/media-tools';
import { stopToolSpawner, useToolSpawner } from '../media/run-tool';
import { planIntraOpThreads, sessionFactory } from '../models/session';
import { analyseClip, type ClipAnalysis, type ClipSource } from '../pipeline/analysis/analyse-clip';
import { loadAnalysisModels, MODALITIES, type AnalysisModels, type Modality } from '../pipeline/analysis/analysis-models';
import type { AuReference } from '../pipeline/fau/neutral-reference';
import { openStore, type Db } from '../store/database';
import { serveWorkerRequests } from './worker-side';

export interface AnalysisLaneInit {
  modelsDir: string;
  /** The workstation's database, whose text-embedding cache the lane reads; null for an in-memory cache. */
  textCache: string | null;
  /** ONNX Runtime's intra-op threads in this lane (VIPER_ORT_THREADS still overrides). */
  ortThreads: number;
}

/** What a clip is analysed with: the parts of the analysis signature. */
export interface LaneSetup {
  modalities: Modality[];
  protocol: Protocol;
  auReference: AuReference;
}

/** What produced a lane's results: the caller checks the signature against the one it expects. */
export interface LaneModels {
  signature: string;
  providers: Record<string, string>;
  modelIds: Record<Modality, string>;
  dims: Record<Modality, number>;
}

export type AnalysisLaneRequest =
  /** Loads the models: a lane without its pack fails at start, not at its first clip. */
  | ({ kind: 'warm' } & LaneSetup)
  | ({ kind: 'analyse'; source: ClipSource; samples: FrameSample[]; fileId: string; expectSignature: string } & LaneSetup);

export type AnalysisLaneReply = { kind: 'warm'; models: LaneModels } | { kind: 'analysed'; models: LaneModels; analysis: ClipAnalysis };

const describe = (models: AnalysisModels): LaneModels => ({ signature: models.signature, providers: models.providers, modelIds: models.modelIds, dims: models.dims });

/** The lane's text-embedding cache, closed by the teardown. */
let cache: Db | undefined;

serveWorkerRequests<AnalysisLaneInit, AnalysisLaneRequest, AnalysisLaneReply, never>((init) => {
  planIntraOpThreads(init.ortThreads);
  const db = init.textCache === null ? openStore(':memory:') : openStore(init.textCache, { readonly: true });
  cache = db;
  const loaded = new Map<string, Promise<AnalysisModels>>();
  const modelsFor = (setup: LaneSetup): Promise<AnalysisModels> => {
    const modalities = MODALITIES.filter((m) => setup.modalities.includes(m));
    const key = [modalities.join(','), setup.protocol, setup.auReference].join('|');
    let models = loaded.get(key);
    if (!models) {
      models = loadAnalysisModels(db, init.modelsDir, modalities, setup.protocol, setup.auReference);
      // A failed load is tried again by the next request (the pack may have been built meanwhile).
      models.catch(() => loaded.delete(key));
      loaded.set(key, models);
    }
    return models;
  };
  return async (request, { signal }) => {
    const models = await modelsFor(request);
    if (request.kind === 'warm') return { kind: 'warm', models: describe(models) };
    if (models.signature !== request.expectSignature) {
      // Checked before the work: the clip goes back to whoever has the pack it was meant for.
      throw new ViperError(
        'queue/pack-mismatch',
        `clip ${request.fileId}: the model pack in ${init.modelsDir} gives analysis signature ${models.signature.slice(0, 12)}…, but the clip is to be analysed with ${request.expectSignature.slice(0, 12)}…. Give this machine the workstation's pack (copy its models/ folder, user models included, and the same caption templates) and start again.`,
        { subject: init.modelsDir },
      );
    }
    // ffmpeg decodes with the lane's share of the cores too: its own default (every core) only adds switching.
    const tools = { ...(await mediaTools()), decodeThreads: init.ortThreads };
    // Started from a small helper process: a fork of this one, with its ONNX Runtime arenas, costs tens of ms a tool.
    await useToolSpawner();
    const analysis = await analyseClip(tools, request.source, request.samples, models, request.modalities, signal, undefined, request.protocol);
    return { kind: 'analysed', models: describe(models), analysis };
  };
}, async () => {
  await stopToolSpawner();
  await sessionFactory().closeAll();
  cache?.close();
});
