/**
 * The pipeline bench's "before" flow in a process of its own (pipeline-throughput.ts): one clip after
 * another through analyseClip as it was (before/analyse-clip-before.ts, with the face models' own steps as
 * they were: before/face-models-before.ts), ONNX Runtime on every core, tools spawned directly, the
 * converter v1 pack. Its own process, so that its forks of ffmpeg cost what they cost in the workstation
 * before, not what they would cost inside the bench's process, which also holds the analysis lanes' sessions.
 */
import { MODALITIES } from '../src/shared/api';
import { findMediaTools } from '../src/main/media/media-tools';
import { loadAnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import { openStore } from '../src/main/store/database';
import type { ThroughputClip } from './pipeline-throughput';
import { analyseClipBefore } from './before/analyse-clip-before';
import { openFaceModelsBefore } from './before/face-models-before';
import { storeBenchAnalysis } from './store-bench-analysis';

export interface BeforeInit {
  dbPath: string;
  packDir: string;
  clips: ThroughputClip[];
}

const init = JSON.parse(process.argv[2] ?? '{}') as BeforeInit;
const db = openStore(init.dbPath);
const models = await loadAnalysisModels(db, init.packDir, MODALITIES);
const tools = await findMediaTools();
const faceModels = await openFaceModelsBefore(init.packDir);

async function round(): Promise<number> {
  const started = performance.now();
  for (const clip of init.clips) {
    const result = await analyseClipBefore(tools, clip, clip.samples, models, faceModels, MODALITIES);
    storeBenchAnalysis(db, clip.id, models, result);
  }
  return performance.now() - started;
}

process.on('message', (message: { type: 'round' | 'stop' }) => {
  if (message.type === 'stop') {
    db.close();
    process.disconnect();
    return;
  }
  round().then(
    (ms) => process.send?.({ ms }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ ready: true });
