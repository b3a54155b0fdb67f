/** A lab's AU network in models/user/fau/<name>/, on tiny real ONNX exports through onnxruntime-node. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { auSlots, withUserAus } from '../../pipeline/fau/user-aus';
import { AU_NAMES } from '../../pipeline/fau/au-intensities';
import { SessionFactory } from '../session';
import { loadAuModel } from './au-model';
import { discoverUserModels } from './discover';
import type { RgbImage } from './image-input';
import { writeAuExport } from './test-support/tiny-exports';

const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

function uniformCrop(side: number, [r, g, b]: number[]): RgbImage {
  const rgb = new Uint8Array(side * side * 3);
  for (let i = 0; i < side * side; i++) rgb.set([r ?? 0, g ?? 0, b ?? 0], i * 3);
  return { width: side, height: side, rgb };
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('loadAuModel', () => {
  it('reads face crops normalised as its config says, and gives each named AU in [0, 1] (outputs over intensity_max)', async () => {
    const folder = join(temp.dir, 'models', 'user', 'fau', 'tiny-au');
    const { weights, auNames, mean, std } = writeAuExport(folder);
    const model = await loadAuModel(folder, { factory });
    expect(model).toMatchObject({ id: 'user/fau/tiny-au', auNames, imageSize: 32, provider: 'cpu' });
    const colours = [
      [200, 100, 50],
      [10, 240, 90],
    ];
    const values = await model.intensities(colours.map((colour) => uniformCrop(32, colour)));
    colours.forEach((colour, n) => {
      const normalised = colour.map((v, c) => (v / 255 - (mean[c] ?? 0)) / (std[c] ?? 1));
      // intensity_max × sigmoid(x · W) / intensity_max.
      const expected = auNames.map((_, k) => sigmoid(normalised.reduce((sum, x, c) => sum + x * (weights[c * auNames.length + k] ?? NaN), 0)));
      expect(values[n]?.length).toBe(auNames.length);
      expected.forEach((value, k) => expect(values[n]?.[k]).toBeCloseTo(value, 5));
    });
    // The two colours give different AUs: the check above is not of a constant.
    expect(values[0]).not.toEqual(values[1]);
    expect((await discoverUserModels(join(temp.dir, 'models'))).models).toEqual([expect.objectContaining({ id: 'user/fau/tiny-au', stage: 'fau', problem: null })]);
  });

  it('refuses a model whose output count differs from the AUs its config names, naming the graph and the config', async () => {
    const folder = join(temp.dir, 'wrong-count');
    writeAuExport(folder, { auNames: ['AU01', 'AU02', 'AU04'], outputs: 12 });
    await expect(loadAuModel(folder, { factory })).rejects.toMatchObject({
      code: 'models/bad-config',
      message: expect.stringMatching(/onnx\/model\.onnx: gives 12 AU values per face, but .*wrong-count\/config\.json names 3 in "au_names"/),
    });
  });

  it('refuses a config without AU names, or with names it cannot place, naming config.json', async () => {
    const folder = join(temp.dir, 'bad-names');
    writeAuExport(folder);
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ au_names: ['inner brow raiser'] }));
    await expect(loadAuModel(folder, { factory })).rejects.toMatchObject({ code: 'models/bad-config', message: expect.stringContaining(`${join(folder, 'config.json')}: "au_names" must list`) });
    expect(() => auSlots(['AU99', 'AU61'], 'x/config.json')).toThrow(expect.objectContaining({ code: 'models/bad-config', message: expect.stringContaining('x/config.json: "au_names" (AU99, AU61) names none of the 20 AUs') }));
  });
});

describe('withUserAus', () => {
  it("puts the model's AUs in their Py-Feat slots, zero for the AUs it does not name, emotions and padding kept", () => {
    const token = Float32Array.from({ length: 32 }, (_, i) => (i < 20 ? 0.9 : i < 27 ? (i - 19) / 28 : 0));
    const frame = { aus: Object.fromEntries(AU_NAMES.map((name) => [name, 0.9])) as never, pose: { yawDeg: 0, pitchDeg: 0, rollDeg: 0 }, token };
    const slots = auSlots(['AU12', 'AU99', 'AU01'], 'config.json');
    expect(slots).toEqual([AU_NAMES.indexOf('AU12'), -1, 0]);
    const replaced = withUserAus(frame, Float32Array.from([0.7, 0.3, 0.2]), slots);
    expect(replaced.aus.AU12).toBeCloseTo(0.7, 6);
    expect(replaced.aus.AU01).toBeCloseTo(0.2, 6);
    expect(replaced.aus.AU06).toBe(0);
    expect(Array.from(replaced.token.subarray(20))).toEqual(Array.from(token.subarray(20)));
    expect(replaced.token[AU_NAMES.indexOf('AU12')]).toBeCloseTo(0.7, 6);
    expect(Array.from(replaced.token.subarray(0, 20)).filter((v) => v !== 0)).toHaveLength(2);
  });
});
