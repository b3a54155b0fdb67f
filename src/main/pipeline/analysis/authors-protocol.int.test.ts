/**
 * `clips.analyze` under the authors-code protocol, on the fixtures with the default pack's real models:
 * frames without a face are kept whole as crop_images.py keeps them (image part from the full frame, a
 * caption, FAU zeros as extract_FAU_features.py's failed frames), every frame takes part in attention,
 * and frames with a face are analysed exactly as by default. A clip sampled the paper's way is refused.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { readClipFeatures, type FeatureTensor } from '../../store/analysis-store';
import { fixture, makeTempDir } from '../../test-support/fixtures';
import { AUTHORS_CODE_FRAMES } from './analysis-models';

const temp = makeTempDir();
let ctx: ApiContext;

beforeAll(async () => {
  await buildPack({ modelsDir: resolveModelsDir() });
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
  await callApi(ctx, 'clips.import', { paths: [fixture('face_noface.mov')], sampling: { frameCount: 32, method: 'authors-code' } });
  await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')] });
}, 120_000);
afterAll(() => {
  ctx.db.close();
  temp.cleanup();
});

const part = (features: FeatureTensor[], modality: string): Float32Array => features.find((f) => f.modality === modality)?.data as Float32Array;
const row = (data: Float32Array, i: number, width: number): number[] => Array.from(data.subarray(i * width, (i + 1) * width));

describe('the authors-code protocol', () => {
  it('keeps frames without a face whole: image part from the full frame, a caption, FAU zeros, every frame attended', async () => {
    const mov = await callApi(ctx, 'clips.get', { clip: 'face_noface' });
    const byDefault = await callApi(ctx, 'clips.analyze', { clips: [mov.id] });
    expect(byDefault.protocol).toBe('default');
    const plain = readClipFeatures(ctx.db, mov.id);

    const report = await callApi(ctx, 'clips.analyze', { clips: [mov.id], protocol: 'authors-code' });
    expect(report.failed).toEqual([]);
    expect(report.protocol).toBe('authors-code');
    const analysed = await callApi(ctx, 'clips.get', { clip: mov.id });
    expect(analysed.analysis?.protocol).toBe('authors-code');
    for (const modality of ['image', 'text', 'fau']) expect(analysed.analysis?.models[modality]).toContain(AUTHORS_CODE_FRAMES);
    expect(analysed.analysis?.models.audio).not.toContain(AUTHORS_CODE_FRAMES);

    const kept = readClipFeatures(ctx.db, mov.id);
    const [presence, mask] = [part(kept, 'presence'), part(kept, 'mask')];
    expect(Array.from(mask)).toEqual(new Array(32).fill(1));
    const faceless = analysed.samples.flatMap((_, i) => (analysed.analysis?.frames[i]?.face ? [] : [i]));
    const withFace = analysed.samples.flatMap((_, i) => (analysed.analysis?.frames[i]?.face ? [i] : []));
    // About the first 2.5 s of 6.4 s hold the man: both kinds of frame are there to check.
    expect(faceless.length).toBeGreaterThan(10);
    expect(withFace.length).toBeGreaterThan(5);
    for (const i of faceless) {
      const [image, , text, fau] = row(presence, i, 4);
      expect([image, text, fau], `frame ${i}`).toEqual([1, 1, 0]);
      expect(row(part(kept, 'fau'), i, 32)).toEqual(new Array(32).fill(0));
      expect(row(part(kept, 'image'), i, 1024).some((v) => v !== 0), `frame ${i} image part`).toBe(true);
      expect(analysed.analysis?.frames[i]?.caption).not.toBeNull();
      // Masked and zero by default.
      expect(row(part(plain, 'image'), i, 1024).every((v) => v === 0)).toBe(true);
    }
    // The title animates: whole frames far apart in time embed differently.
    expect(row(part(kept, 'image'), faceless[0] as number, 1024)).not.toEqual(row(part(kept, 'image'), faceless.at(-1) as number, 1024));
    for (const i of withFace) {
      for (const [modality, width] of [['image', 1024], ['fau', 32], ['text', 100], ['audio', 128]] as const) {
        expect(row(part(kept, modality), i, width), `frame ${i} ${modality}`).toEqual(row(part(plain, modality), i, width));
      }
    }
  }, 240_000);

  it('refuses a clip sampled the paper way, naming it and the command that re-samples it', async () => {
    const report = await callApi(ctx, 'clips.analyze', { clips: ['single_face'], protocol: 'authors-code' });
    expect(report.analysed).toEqual([]);
    expect(report.failed).toEqual([
      expect.objectContaining({ code: 'features/sampling-mismatch', message: expect.stringMatching(/single_face\.mp4.*sampled "paper".*viper import .*--protocol authors-code/) }),
    ]);
  }, 120_000);
});
