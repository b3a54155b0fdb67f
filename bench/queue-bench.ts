/**
 * Analysis through the queue: clips per second with 1 and then 2 `viper worker` processes (real redis-server,
 * real workers, warm before the clock starts), beside the anchor measured in the same run — the same clips
 * analysed locally by `viper analyze` without a queue. Then the coordinator's store-write ceiling: results
 * per second it can check, decode and write into SQLite (storeQueuedResult on real results of these clips),
 * the rate no number of machines can pass. The projection for k machines is min(k × one worker's rate, that
 * ceiling): on this machine two workers share its cores, so the second one measures contention, not a
 * second machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MODALITIES } from '../src/shared/api';
import { createApiContext, type ApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { buildPack } from '../src/main/models/pack/build-pack';
import { resolveModelsDir } from '../src/main/models/pack/models-dir';
import { encodeResult, QUEUE_PROTOCOL, queuedResultSchema, type QueuedResult } from '../src/main/queue/queued-clip';
import { storeQueuedResult } from '../src/main/queue/result-intake';
import { analysisSignature, readClipAnalysis, readClipFeatures, readFrameAnalyses } from '../src/main/store/analysis-store';
import { ClipFilesStore } from '../src/main/store/clip-files-store';
import { ffmpegMake, fixture, makeTempDir, REPO_ROOT } from '../src/main/test-support/fixtures';
import { startRedis } from '../src/main/test-support/redis-server';

/** Distinct clips (each a remux with its own bytes, so its own content hash) of two fixtures. */
const COPIES = 4;
const FRAMES = 8;
const WRITES = 200;

export interface QueueBenchResult {
  clips: number;
  framesPerClip: number;
  localClipsPerS: number;
  oneWorkerClipsPerS: number;
  twoWorkersClipsPerS: number;
  storeWritesPerS: number;
  projection: { machines: number; clipsPerS: number }[];
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), 'worker', '--queue', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('waiting for clips')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`viper worker exited with ${code}:\n${text}`)));
  });
}

/**
 * Clips per second from the first clip to the last stored (the job's msPerClip): both a local analysis and the
 * coordinator load the pack first, which is not the rate being compared.
 */
async function timedRun(ctx: ApiContext, queue: string | undefined): Promise<number> {
  const report = await callApi(ctx, 'clips.analyze', queue ? { queue } : {});
  if (report.failed.length > 0 || report.msPerClip === null) throw new Error(`analysis failed: ${JSON.stringify(report.failed)}`);
  return 1000 / report.msPerClip;
}

/** A clip's stored analysis as the result a worker would have returned for it. */
function resultOf(ctx: ApiContext, clipId: number): QueuedResult {
  const features = new Map(readClipFeatures(ctx.db, clipId).map((f) => [f.modality, f]));
  const analysis = readClipAnalysis(ctx.db, clipId);
  const frames = readFrameAnalyses(ctx.db, clipId);
  const signature = analysisSignature(ctx.db, clipId) as string;
  const part = (m: string): Float32Array => features.get(m)?.data ?? new Float32Array(0);
  return encodeResult(
    { protocol: QUEUE_PROTOCOL, clipId, fileId: String(clipId), contentHash: new ClipFilesStore(ctx.db).file(clipId)?.contentHash ?? '', signature, modalities: [...MODALITIES], analysisProtocol: 'default', auReference: 'population', samples: [], video: { path: '', url: null }, audio: null },
    {
      frames: frames.map((f) => ({ face: null, pose: null, landmarks33: null, caption: f.templateId ? { templateId: f.templateId, text: f.text ?? '', score: f.score ?? 0 } : null, speechProb: f.speechProb, fauMasked: null })),
      parts: Object.fromEntries(MODALITIES.map((m) => [m, part(m)])),
      presence: part('presence'),
      facesFound: analysis?.facesFound ?? 0,
    },
    { worker: 'bench', signature, providers: analysis?.providers ?? {}, modelIds: analysis?.models as Record<(typeof MODALITIES)[number], string>, dims: Object.fromEntries(MODALITIES.map((m) => [m, features.get(m)?.shape[1] ?? 0])) as Record<(typeof MODALITIES)[number], number> },
  );
}

export async function benchQueue(): Promise<QueueBenchResult> {
  await buildPack({ modelsDir: resolveModelsDir() });
  const temp = makeTempDir('viper-bench-queue-');
  const redis = await startRedis();
  const workers: ChildProcess[] = [];
  const contexts: ApiContext[] = [];
  try {
    const paths: string[] = [];
    for (const name of ['single_face.mp4', 'no_face.mp4']) {
      for (let i = 0; i < COPIES; i++) {
        const path = join(temp.dir, `${i}-${name}`);
        ffmpegMake(['-i', fixture(name), '-c', 'copy', '-metadata', `comment=copy ${i}`, path]);
        paths.push(path);
      }
    }
    const base = createApiContext(join(temp.dir, 'base.db'));
    await callApi(base, 'clips.import', { paths, sampling: { frameCount: FRAMES } });
    base.close();
    const library = (name: string): ApiContext => {
      copyFileSync(join(temp.dir, 'base.db'), join(temp.dir, `${name}.db`));
      const ctx = createApiContext(join(temp.dir, `${name}.db`));
      contexts.push(ctx);
      return ctx;
    };
    const local = library('local');
    const localClipsPerS = await timedRun(local, undefined);
    workers.push(await startWorker(redis.url));
    const oneWorkerClipsPerS = await timedRun(library('one'), redis.url);
    workers.push(await startWorker(redis.url));
    const twoWorkersClipsPerS = await timedRun(library('two'), redis.url);

    // The ceiling: what the coordinator does per result (schema check, base64 decode, one SQLite transaction).
    const ids = (await callApi(local, 'clips.list', { limit: 1000, offset: 0 })).clips.map((c) => c.id);
    const results = ids.map((id) => JSON.parse(JSON.stringify(resultOf(local, id))) as unknown);
    const target = library('writes');
    const signature = (resultOf(local, ids[0] as number)).signature;
    const started = performance.now();
    for (let i = 0; i < WRITES; i++) {
      const result = queuedResultSchema.parse(results[i % results.length]);
      const outcome = storeQueuedResult(target.db, result, { signature, modalities: MODALITIES, protocol: 'default', force: true, stored: new Set(), now: () => new Date().toISOString() });
      if (outcome !== 'stored') throw new Error(`store-write bench: ${outcome}`);
    }
    const storeWritesPerS = WRITES / ((performance.now() - started) / 1000);
    const projection = [1, 2, 4, 8, 16, 32, 64].map((machines) => ({ machines, clipsPerS: Math.min(machines * oneWorkerClipsPerS, storeWritesPerS) }));
    return { clips: paths.length, framesPerClip: FRAMES, localClipsPerS, oneWorkerClipsPerS, twoWorkersClipsPerS, storeWritesPerS, projection };
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve(null)))));
    for (const ctx of contexts) ctx.close();
    await redis.stop();
    temp.cleanup();
  }
}

export function printQueueBench(result: QueueBenchResult): void {
  const r = (value: number): string => value.toFixed(3);
  console.log(`analysis through the queue, ${result.clips} clips of ${result.framesPerClip} frames (workers warm before the clock starts):`);
  console.log(`  local viper analyze (anchor): ${r(result.localClipsPerS)} clips/s`);
  console.log(`  1 worker: ${r(result.oneWorkerClipsPerS)} clips/s (${(result.oneWorkerClipsPerS / result.localClipsPerS).toFixed(2)} × local)`);
  console.log(`  2 workers on this machine: ${r(result.twoWorkersClipsPerS)} clips/s (${(result.twoWorkersClipsPerS / result.oneWorkerClipsPerS).toFixed(2)} × 1 worker; they share its cores)`);
  console.log(`  coordinator store-write ceiling: ${result.storeWritesPerS.toFixed(0)} results/s (check, decode, one SQLite transaction each)`);
  console.log(`  projection, k machines of this one's speed: ${result.projection.map((p) => `${p.machines}: ${r(p.clipsPerS)}`).join(' · ')} clips/s`);
}
