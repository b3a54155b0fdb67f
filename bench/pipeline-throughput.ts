/**
 * Throughput of a library's analysis over all the bench's clips, against the flow as it was before this
 * round, in the same rounds on the same clips and store:
 *   - before: analyseClip as it was when this work began (before/analyse-clip-before.ts: ffprobe and a
 *     separate audio pass per clip, the detector and FaceMesh frame by frame), one clip after another in one
 *     thread, ONNX Runtime on every core, tools spawned directly,
 *     the graphs as converter v1 wrote them (Prelu and relu6 as the TF.js graphs write them), rebuilt here
 *     into a temporary pack; run in a process of its own (pipeline-before-child.ts);
 *   - the analysis job as `viper analyze` runs it: its analysis lanes (jobs/analysis-lanes.ts, the plan
 *     chosen for this machine) over the pack as built now;
 *   - the same job with one lane given every core, which separates the gain of the lanes from that of
 *     the graphs.
 */
import { fork } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { MODALITIES, type FrameSample } from '../src/shared/api';
import { openAnalysisLanes, planLanes, type AnalysisLanes, type LanePlan } from '../src/main/jobs/analysis-lanes';
import type { BeforeInit } from './pipeline-before-child';
import { DEFAULT_PACK } from '../src/main/models/pack/default-pack';
import { onnxPath } from '../src/main/models/pack/manifest-io';
import { resolvePackSource } from '../src/main/models/pack/sources';
import { convertTfjsModel } from '../src/main/models/tfjs-convert/convert';
import { readTfjsModel } from '../src/main/models/tfjs-convert/read-model';
import { runAnalysisJob } from '../src/main/pipeline/analysis/analysis-job';
import { loadAnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import type { Db } from '../src/main/store/database';

export interface ThroughputClip {
  id: number;
  path: string;
  audioPath: string | null;
  samples: FrameSample[];
}

export interface ThroughputRow {
  name: string;
  kind: 'before' | 'job';
  plan: LanePlan | null;
  ms: number;
}

/** The default pack with its converted graphs as converter v1 wrote them, in `dir` (a copy: manifests and copied models as they are). */
export async function buildBeforePack(modelsDir: string, dir: string): Promise<string> {
  cpSync(modelsDir, dir, { recursive: true });
  for (const spec of DEFAULT_PACK) {
    if (spec.source.kind !== 'tfjs-graph') continue;
    const rename = (side: 'inputs' | 'outputs') => Object.fromEntries(Object.entries(spec[side]).map(([tf, tensor]) => [tf, tensor.name]));
    const converted = convertTfjsModel(await readTfjsModel(resolvePackSource(spec)), { inputNames: rename('inputs'), outputNames: rename('outputs'), activationsAsWritten: true });
    writeFileSync(onnxPath(dir, spec.id), converted.onnx);
  }
  return dir;
}

export interface ThroughputSetup {
  db: Db;
  dbPath: string;
  modelsDir: string;
  clips: readonly ThroughputClip[];
}

/** The "before" flow's process: started once, then a round per message. */
async function startBefore(init: BeforeInit): Promise<{ round(): Promise<number>; stop(): void }> {
  const child = fork(fileURLToPath(new URL('./pipeline-before-child.ts', import.meta.url)), [JSON.stringify(init)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (): Promise<{ ms?: number; error?: string; ready?: boolean }> =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the before flow's process stopped (exit ${code})`)));
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`the before flow's process did not start: ${ready.error ?? 'no reason given'}`);
  return {
    async round() {
      const reply = next();
      child.send({ type: 'round' });
      const { ms, error } = await reply;
      if (ms === undefined) throw new Error(`the before flow failed: ${error ?? 'no reason given'}`);
      return ms;
    },
    stop: () => child.send({ type: 'stop' }),
  };
}

/** The flows, opened once (lanes started and warmed, the before pack loaded) and timed round after round. */
export async function openThroughputFlows(setup: ThroughputSetup, beforeDir: string): Promise<{ time(): Promise<ThroughputRow[]>; close(): Promise<void> }> {
  // The job fills the text-embedding cache the lanes and the before flow read.
  await loadAnalysisModels(setup.db, setup.modelsDir, MODALITIES);
  const before = await startBefore({ dbPath: setup.dbPath, packDir: await buildBeforePack(setup.modelsDir, beforeDir), clips: [...setup.clips] });
  const plans = [planLanes(undefined), planLanes(1)];
  const lanes: AnalysisLanes[] = plans.map((plan) => openAnalysisLanes({ modelsDir: setup.modelsDir, textCache: setup.dbPath, plan }));
  // Warming loads every lane's sessions outside the clock.
  for (const set of lanes) await set.warm({ modalities: [...MODALITIES], protocol: 'default', auReference: 'population' });

  const timeJob = async (set: AnalysisLanes): Promise<number> => {
    const started = performance.now();
    const params = { dbPath: setup.dbPath, modelsDir: setup.modelsDir, clipIds: setup.clips.map((c) => c.id), modalities: [...MODALITIES], auReference: 'population' as const, force: true, protocol: 'default' as const };
    const report = await runAnalysisJob(params, { signal: new AbortController().signal, progress: () => undefined }, set);
    if (report.analysed.length !== setup.clips.length) throw new Error(`the analysis job analysed ${report.analysed.length} of ${setup.clips.length} clips: ${JSON.stringify(report.failed)}`);
    return performance.now() - started;
  };
  const describe = (plan: LanePlan): string => `${plan.lanes} lane${plan.lanes === 1 ? '' : 's'} × ${plan.ortThreads} ONNX Runtime thread${plan.ortThreads === 1 ? '' : 's'}`;
  return {
    async time() {
      const rows: ThroughputRow[] = [{ name: `before: c7a3005's analyseClip, one clip at a time, converter v1 graphs, ONNX Runtime on ${plans[1]?.ortThreads ?? 1} threads`, kind: 'before', plan: null, ms: await before.round() }];
      for (const [i, set] of lanes.entries()) {
        rows.push({ name: `analysis job: ${describe(set.plan)}${i === 0 ? ' (the default here)' : ''}`, kind: 'job', plan: set.plan, ms: await timeJob(set) });
      }
      return rows;
    },
    async close() {
      before.stop();
      await Promise.all(lanes.map((set) => set.close()));
    },
  };
}
