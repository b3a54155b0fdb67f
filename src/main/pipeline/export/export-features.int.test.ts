/**
 * `features.export` end to end: the shared fixtures imported into a real SQLite file with a labels CSV,
 * three of them analysed with the default pack's real models, then exported and read back — by an
 * independent .npy parser, and by numpy where python3 has it — against the stored features.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODALITIES } from '../../../shared/api';
import { EMOTIONS } from '../../../shared/emotions';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { readClipFeatures } from '../../store/analysis-store';
import { fixture, FIXTURES_DIR, makeTempDir, REPO_ROOT } from '../../test-support/fixtures';
import { readNpy } from '../../test-support/read-npy';
import type { ExportIndex } from './export-index';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'viper.db');
let ctx: ApiContext;
const ANALYSED = ['face_noface', 'no_face', 'single_face'];
// Skipped where numpy is missing; in CI that skip fails the run (not in src/main/test-support/declared-skips.ts).
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

beforeAll(async () => {
  await buildPack({ modelsDir: resolveModelsDir() });
  ctx = createApiContext(dbPath, { actor: 'tester' });
  const labels = join(temp.dir, 'labels.csv');
  writeFileSync(labels, `File_ID,Split,${EMOTIONS.join(',')}\nsingle_face,Train,0.1,0.9,0,0,0,0,0.25\nface_noface,Val,0.5,0.2,0.3,0,0.125,0,0\nno_face,Train,,,,,,,\n`);
  await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR], labelsCsv: labels });
  // WolfgangLanger_Pexels (the longest) stays unanalysed: the export must skip it, and the test stays quick.
  const report = await callApi(ctx, 'clips.analyze', { clips: ANALYSED });
  expect(report.failed).toEqual([]);
}, 180_000);
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

const stored = (clipId: number, modality: string): Float32Array => readClipFeatures(ctx.db, clipId).find((f) => f.modality === modality)?.data as Float32Array;
const readIndex = (out: string): ExportIndex => JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as ExportIndex;

describe('exporting features', () => {
  const out = join(temp.dir, 'all');

  it('stacks every analysed clip into [clips, N, D] arrays equal to the stored features, and skips the unanalysed one', async () => {
    const result = await callApi(ctx, 'features.export', { out });
    expect(result).toMatchObject({ out, clips: 3, frames: 32 });
    expect(result.files.map((f) => [f.file, f.shape])).toEqual([
      ['image.npy', [3, 32, 1024]],
      ['audio.npy', [3, 32, 128]],
      ['text.npy', [3, 32, 100]],
      ['fau.npy', [3, 32, 32]],
      ['presence.npy', [3, 32, 4]],
      ['mask.npy', [3, 32]],
    ]);
    expect(result.skipped).toEqual([{ code: 'features/not-analysed', subject: 'WolfgangLanger_Pexels', message: expect.stringContaining('not analysed yet. Run "npx viper analyze WolfgangLanger_Pexels"') }]);
    expect(readdirSync(out).sort()).toEqual(['audio.npy', 'fau.npy', 'image.npy', 'index.csv', 'index.json', 'mask.npy', 'presence.npy', 'text.npy']);

    const index = readIndex(out);
    expect(index.clips.map((c) => c.fileId)).toEqual(ANALYSED);
    for (const file of result.files) {
      const name = file.file.replace('.npy', '');
      const array = readNpy(join(out, file.file));
      expect(array.shape).toEqual(file.shape);
      const rowSize = array.data.length / 3;
      index.clips.forEach((clip, row) => expect(array.data.subarray(row * rowSize, (row + 1) * rowSize), `${name} row ${row}`).toEqual(stored(clip.clipId, name)));
    }
    // no_face has no face anywhere: its image part is all zeros and marked absent.
    const presence = readNpy(join(out, 'presence.npy')).data.subarray(32 * 4, 2 * 32 * 4);
    expect([...presence].filter((_, k) => k % 4 === 0).every((v) => v === 0)).toBe(true);
  });

  it('writes index.json and index.csv naming each row: clip, File_ID, path, split, gold labels, models, token order, FAU columns', async () => {
    const index = readIndex(out);
    const single = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    expect(index).toMatchObject({ format: 'viper-features-export', version: 1, database: dbPath, clipCount: 3, frames: 32, tokenOrder: [...MODALITIES], labelColumns: [...EMOTIONS] });
    expect(index.clips[2]).toEqual({ row: 2, clipId: single.id, fileId: 'single_face', path: fixture('single_face.mp4'), split: 'Train', labels: single.labels });
    expect(index.clips[0]).toMatchObject({ fileId: 'face_noface', split: 'Val', labels: { 'Empathic-Pain': 0.125 } });
    expect(index.clips[1]).toMatchObject({ fileId: 'no_face', split: 'Train', labels: null });
    for (const modality of MODALITIES) expect(index.files[modality]).toMatchObject({ file: `${modality}.npy`, modelId: single.analysis?.models[modality], dims: { image: 1024, audio: 128, text: 100, fau: 32 }[modality] });
    expect(index.files.mask).toEqual({ file: 'mask.npy', shape: [3, 32], dtype: 'float32', modelId: 'mask' });
    expect(index.fauColumns).toHaveLength(32);
    expect([index.fauColumns[0], index.fauColumns[19], index.fauColumns[20], index.fauColumns[26], index.fauColumns[31]]).toEqual(['AU01', 'AU43', 'anger', 'neutral', 'zero_5']);
    expect(readFileSync(join(out, 'index.csv'), 'utf8').split('\n')).toEqual([
      `row,clip_id,File_ID,split,${EMOTIONS.join(',')}`,
      `0,${index.clips[0]?.clipId},face_noface,Val,0.5,0.2,0.3,0,0.125,0,0`,
      `1,${index.clips[1]?.clipId},no_face,Train,,,,,,,`,
      `2,${single.id},single_face,Train,0.1,0.9,0,0,0,0,0.25`,
      '',
    ]);
  });

  it.skipIf(!hasNumpy)('loads in numpy with the shapes, dtype and values written', () => {
    const script = 'import json, sys, numpy as np\nprint(json.dumps({n: [list(a.shape), a.dtype.str, float(a.astype(np.float64).sum())] for n in sys.argv[2:] for a in [np.load(f"{sys.argv[1]}/{n}.npy")]}))';
    const names = [...MODALITIES, 'presence', 'mask'];
    const run = spawnSync('python3', ['-c', script, out, ...names], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout) as Record<string, [number[], string, number]>;
    for (const name of names) {
      const array = readNpy(join(out, `${name}.npy`));
      expect(loaded[name]?.slice(0, 2), name).toEqual([array.shape, '<f4']);
      expect(loaded[name]?.[2]).toBeCloseTo(array.data.reduce((sum, v) => sum + v, 0), 2);
    }
  });

  it('keeps the given clip order, filters by split (saying which clips it left out) and writes only the asked parts', async () => {
    const result = await callApi(ctx, 'features.export', { out, clips: ['single_face', 'face_noface', 'no_face'], split: 'Train', modalities: ['fau', 'audio'] });
    expect(result.files.map((f) => f.file)).toEqual(['audio.npy', 'fau.npy', 'presence.npy', 'mask.npy']);
    expect(result.skipped).toEqual([{ code: 'features/not-in-split', subject: 'face_noface', message: expect.stringContaining('face_noface: in split Val, not Train') }]);
    expect(readIndex(out).clips.map((c) => c.fileId)).toEqual(['single_face', 'no_face']);
    // The image and text arrays of the previous export would no longer match index.json: they are gone.
    expect(readdirSync(out).sort()).toEqual(['audio.npy', 'fau.npy', 'index.csv', 'index.json', 'mask.npy', 'presence.npy']);
    expect(readNpy(join(out, 'fau.npy')).shape).toEqual([2, 32, 32]);
  });

  it('fails with the fix when nothing can be exported, a clip is unknown, or the folder cannot be written', async () => {
    await expect(callApi(ctx, 'features.export', { out, clips: ['WolfgangLanger_Pexels'] })).rejects.toMatchObject({ code: 'features/nothing-to-export', message: expect.stringContaining('npx viper analyze WolfgangLanger_Pexels') });
    await expect(callApi(ctx, 'features.export', { out, clips: ['nope'] })).rejects.toMatchObject({ code: 'clips/not-found' });
    const blocked = join(temp.dir, 'a-file');
    writeFileSync(blocked, 'not a folder');
    await expect(callApi(ctx, 'features.export', { out: join(blocked, 'out') })).rejects.toMatchObject({ code: 'features/write-failed', message: expect.stringContaining(blocked) });
  });

  it('runs from the command line, printing the arrays and the skipped clip, exit code 1', () => {
    const cliOut = join(temp.dir, 'cli');
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, 'export-features', '--out', cliOut, '--modalities', 'image,fau'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`3 clips × 32 frames written to ${cliOut}`);
    expect(run.stdout).toMatch(/image\.npy\s+\(3, 32, 1024\)/);
    expect(run.stdout).toContain('✗ WolfgangLanger_Pexels (clip');
    expect(existsSync(join(cliOut, 'text.npy'))).toBe(false);
  });

  it('skips a clip re-sampled since its analysis (which re-sampling dropped), and refuses to stack clips of different N, naming them and the fix', async () => {
    await callApi(ctx, 'clips.import', { paths: [fixture('face_noface.mov')], sampling: { frameCount: 16 } });
    const stale = await callApi(ctx, 'features.export', { out });
    expect(stale.clips).toBe(2);
    // Re-sampling dropped the clip's old analysis, so it reads as not analysed rather than stale.
    expect(stale.skipped.find((s) => s.subject === 'face_noface')?.message).toContain('not analysed yet. Run "npx viper analyze face_noface".');

    await callApi(ctx, 'clips.analyze', { clips: ['face_noface'] });
    const error = await callApi(ctx, 'features.export', { out }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'features/frame-count-mismatch', subject: 'face_noface' });
    expect((error as Error).message).toContain('(32 frames: no_face, single_face; 16 frames: face_noface)');
    expect((error as Error).message).toContain('re-import the others with --frames 32');
    expect((error as Error).message).toContain('"npx viper analyze face_noface --force"');
  });
});
