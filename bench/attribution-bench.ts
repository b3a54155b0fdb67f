/**
 * Attribution benchmark: the cost per clip of predicting with attribution (the plain prediction, then one
 * masked pass per modality, and the contributions stored) beside plain prediction alone (the anchor,
 * measured in the same run on the same clips and the same run's ONNX model, alternating). The run is
 * the compact preset with random weights (the cost does not depend on the weights), over a synthetic set
 * with the default real token widths (image 1024 + audio 128 + text 100 + fau 32), 32 frames. Aim: ≤ 5×.
 */
import { PRESETS } from '../src/main/fusion/config';
import type { FeatureLayout } from '../src/main/fusion/feature-reader';
import { predictWithRun } from '../src/main/fusion/predict';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { initTfBackend } from '../src/main/fusion/tf-backend';
import { openStore } from '../src/main/store/database';
import { RunsStore } from '../src/main/store/runs-store';
import { makeTempDir } from '../src/main/test-support/fixtures';
import { writeUntrainedRun } from '../src/main/test-support/untrained-run';
import { FUSION_DIMS } from './fusion-bench';

const CLIPS = 512;
const FRAMES = 32;
const REPEATS = 3;
export const ATTRIBUTION_AIM_RATIO = 5;

export interface AttributionBenchResult {
  clips: number;
  modalities: number;
  plainMsPerClip: number[];
  attributionMsPerClip: number[];
  ratio: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchAttribution(): Promise<AttributionBenchResult> {
  await initTfBackend();
  const temp = makeTempDir('viper-bench-attribution-');
  const db = openStore(`${temp.dir}/viper.db`);
  try {
    writeSyntheticSet(db, { splits: { Val: CLIPS }, frames: FRAMES, dims: FUSION_DIMS, seed: 3 });
    const modalities = Object.keys(FUSION_DIMS) as FeatureLayout['modalities'];
    const dims = modalities.map((m) => FUSION_DIMS[m as keyof typeof FUSION_DIMS]);
    const layout: FeatureLayout = { modalities, dims, modelIds: modalities.map((m) => `synthetic-${m}`), frames: FRAMES, tokenDim: dims.reduce((a, b) => a + b, 0) };
    const made = writeUntrainedRun(db, temp.dir, layout, PRESETS.compact);
    made.dispose();
    const run = new RunsStore(db).get(made.runId);
    const timed = async (attribution: boolean): Promise<number> => {
      const started = performance.now();
      const clips = await predictWithRun(db, run, { attribution });
      return (performance.now() - started) / clips;
    };
    await timed(true); // warm-up: the session, the statements, the page cache
    const plainMsPerClip: number[] = [];
    const attributionMsPerClip: number[] = [];
    for (let i = 0; i < REPEATS; i += 1) {
      plainMsPerClip.push(await timed(false));
      attributionMsPerClip.push(await timed(true));
    }
    return { clips: CLIPS, modalities: modalities.length, plainMsPerClip, attributionMsPerClip, ratio: median(attributionMsPerClip) / median(plainMsPerClip) };
  } finally {
    db.close();
    temp.cleanup();
  }
}

export function printAttributionBench(r: AttributionBenchResult): void {
  const list = (values: number[]): string => values.map((v) => v.toFixed(2)).join(', ');
  console.log(`attribution, compact Perceiver, ${r.clips} clips × ${FRAMES} frames, ${r.modalities} modalities (median of ${REPEATS}, alternating in the same run):`);
  console.log(`plain prediction (read, ONNX, store): ${list(r.plainMsPerClip)} ms/clip; median ${median(r.plainMsPerClip).toFixed(2)}`);
  console.log(`with attribution (+ one masked pass per modality, contributions stored): ${list(r.attributionMsPerClip)} ms/clip; median ${median(r.attributionMsPerClip).toFixed(2)}`);
  console.log(`ratio ${r.ratio.toFixed(2)}× (aim ≤ ${ATTRIBUTION_AIM_RATIO}×: ${r.ratio <= ATTRIBUTION_AIM_RATIO ? 'yes' : 'NO'}; the ONNX work alone is ${r.modalities + 1}× at most)`);
}
