/**
 * Attribution through the real `viper` CLI on a real store: a synthetic analysed set, a run with an
 * exported Perceiver (random weights) predicted in-process, the prior beside it. `viper show --json` and
 * `viper export-predictions --with-attribution` give what the store holds; asked of the prior, or predicted
 * with an ONNX file that is gone or altered, they refuse with the code, the file and the fix.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import type { FeatureLayout } from '../fusion/feature-reader';
import { predictPrior } from '../fusion/prior';
import { predictWithRun } from '../fusion/predict';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { initTfBackend } from '../fusion/tf-backend';
import { AttributionStore } from '../store/attribution-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { writeUntrainedRun } from '../test-support/untrained-run';

const LAYOUT: FeatureLayout = { modalities: ['image', 'fau'], dims: [8, 32], modelIds: ['synthetic-image', 'synthetic-fau'], frames: 5, tokenDim: 40 };
const SIZE = { latents: 4, latentDim: 16, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionHeads: 2, crossAttentionChannels: 'tokens' as const, attentionDropout: 0.1 };

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let runId: number;
let priorId: number;
let onnxPath: string;
let bytes: Uint8Array;

function viper(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, VIPER_USER: 'test' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await initTfBackend('wasm');
  temp = makeTempDir('viper-attribution-');
  dbPath = join(temp.dir, 'viper.db');
  const ctx = createApiContext(dbPath, { actor: 'test', env: {} });
  writeSyntheticSet(ctx.db, { splits: { Train: 4, Val: 3 }, frames: 5, dims: { image: 8, fau: 32 }, missingShare: 0.2, seed: 2 });
  const made = writeUntrainedRun(ctx.db, temp.dir, LAYOUT, SIZE);
  made.dispose();
  ({ runId, onnxPath, bytes } = made);
  await predictWithRun(ctx.db, new RunsStore(ctx.db).get(runId));
  priorId = predictPrior(ctx.db, () => '2026-12-06T00:00:00.000Z').runId;
  ctx.close();
}, 60_000);
afterAll(() => temp.cleanup());

describe('attribution in the CLI', () => {
  it('viper show --json carries the latest trained run’s frame weights and contributions, as stored', async () => {
    const shown = viper('--json', 'show', '00002');
    expect(shown.code, shown.stderr).toBe(0);
    const { id, attribution } = JSON.parse(shown.stdout) as { id: number; attribution: { runId: number; modalities: string[]; frameWeights: number[]; contributions: { modality: string; values: number[] }[] } };
    expect(attribution.runId).toBe(runId);
    expect(attribution.modalities).toEqual(['image', 'fau']);
    expect(attribution.frameWeights).toHaveLength(5);
    expect(attribution.frameWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const ctx = createApiContext(dbPath, { actor: 'test', env: {} });
    try {
      expect(attribution.contributions).toEqual(new AttributionStore(ctx.db).clipContributions(runId, id, LAYOUT.modalities));
      // The Analysis screen's means over Val are those of the 3 Val clips' rows.
      const means = await callApi(ctx, 'fusion.runAttribution', { run: runId, split: 'Val' });
      expect([means.clips, means.withoutAttribution, means.perModality.map((m) => m.modality)]).toEqual([3, 0, ['image', 'fau']]);
    } finally {
      ctx.close();
    }
    const text = viper('show', '00002');
    expect(text.stdout).toMatch(new RegExp(`attribution by run ${runId}: change of each prediction`));
    expect(text.stdout).toMatch(/image +[+−]\d\.\d{3}/);
  }, 60_000);

  it('export-predictions --with-attribution adds a column per modality and emotion and per frame', () => {
    const out = join(temp.dir, 'with-attribution.csv');
    const result = viper('export-predictions', '--run', String(runId), '--with-attribution', '-o', out);
    expect(result.code, result.stderr).toBe(0);
    const exported = viper('export-predictions', '--run', String(runId), '--with-attribution');
    const rows = parse(exported.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'File_ID',
      ...EMOTIONS,
      ...['image', 'fau'].flatMap((m) => EMOTIONS.map((e) => `contribution_${m}_${e}`)),
      ...[1, 2, 3, 4, 5].map((k) => `frame_weight_${k}`),
    ]);
    // The prediction columns are the plain export's, row for row.
    const plain = parse(viper('export-predictions', '--run', String(runId)).stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => ['File_ID', ...EMOTIONS].map((k) => r[k]))).toEqual(plain.map((r) => ['File_ID', ...EMOTIONS].map((k) => r[k])));
    const shown = JSON.parse(viper('--json', 'show', '00001').stdout) as { attribution: { contributions: { values: number[] }[]; frameWeights: number[] } };
    const first = rows.find((r) => r.File_ID === '[00001]') ?? {};
    expect(Number(first['contribution_fau_Amusement'])).toBeCloseTo(shown.attribution.contributions[1]?.values[1] ?? NaN, 5);
    expect(Number(first['frame_weight_3'])).toBeCloseTo(shown.attribution.frameWeights[2] ?? NaN, 5);
  }, 60_000);

  it('refuses attribution of the prior, naming it and the fix', () => {
    const show = viper('show', '00001', '--run', String(priorId));
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(new RegExp(`fusion run ${priorId} is the untrained PRIOR.*no attribution.*viper runs`));
    const exported = viper('--json', 'export-predictions', '--run', String(priorId), '--with-attribution');
    expect(exported.code).toBe(2);
    expect(JSON.parse(exported.stdout)).toMatchObject({ error: { code: 'fusion/no-attribution' } });
    // Without the flag the prior's CSV is as before.
    expect(viper('export-predictions', '--run', String(priorId)).code).toBe(0);
  }, 60_000);

  it('refuses to predict (and so to attribute) with a run whose ONNX file is altered or missing', () => {
    const altered = Buffer.from(bytes);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    writeFileSync(onnxPath, altered);
    const changed = viper('predict', '--run', String(runId));
    expect(changed.code).toBe(3);
    expect(changed.stderr).toContain(`${onnxPath}: not the model fusion run ${runId} exported`);
    rmSync(onnxPath);
    const gone = viper('predict', '--run', String(runId));
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/cannot be read.*Restore the file from a backup, or train again with "viper train --modalities image,fau"/);
    // What was stored stays: the attribution of the earlier prediction is still shown.
    expect(JSON.parse(viper('--json', 'show', '00001').stdout).attribution.runId).toBe(runId);
  }, 60_000);
});
