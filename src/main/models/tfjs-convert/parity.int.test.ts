/**
 * Parity: each default-pack face model, converted to ONNX and run by onnxruntime-node, against the original
 * TF.js graph run by TF.js (cpu backend) on the same inputs: a real face crop from the fixture photo and a
 * seeded random tensor in the model's input range. Prints max |diff| per output.
 *
 * The bound is per element: 1e-4 absolute for an element within ±1 and 1e-4 relative to that element's
 * own magnitude beyond it. BlazeFace logits reach ~500 and FaceMesh coordinates ~190 pixels, where one
 * float32 ulp is already 3e-5 and 1e-5, so large elements need the relative bound; a bound from the
 * tensor's largest value instead would let a logit near the decision boundary move by 0.05.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../test-support/fixtures';
import { packSpec, type PackModelSpec } from '../pack/default-pack';
import { resolvePackSource } from '../pack/sources';
import { convertTfjsModel } from './convert';
import { decodeRgbCrop, greyMinusOneToOne, scaleRgb, seededUniform, stackBatch, type CropBox } from './parity-inputs';
import { readTfjsModel } from './read-model';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend } from './tfjs-reference';

const TOLERANCE = 1e-4;
const FACE: CropBox = { x: 145, y: 95, width: 290, height: 290 };
const LEFT_EYE: CropBox = { x: 195, y: 215, width: 70, height: 70 };

/** One real input per model, preprocessed as the pack's manifest says. */
function faceInput(spec: PackModelSpec, photo: string): Float32Array {
  switch (spec.id) {
    case 'blazeface':
      return scaleRgb(decodeRgbCrop(photo, { x: 0, y: 0, width: 572, height: 562 }, 256), 1 / 127.5, -1);
    case 'emotion':
      return greyMinusOneToOne(decodeRgbCrop(photo, FACE, 64));
    case 'faceres':
      return scaleRgb(decodeRgbCrop(photo, FACE, 224), 1, 0);
    case 'iris':
      return scaleRgb(decodeRgbCrop(photo, LEFT_EYE, 64), 1 / 255, 0);
    default:
      return scaleRgb(decodeRgbCrop(photo, FACE, spec.preprocessing.size?.[0] ?? 0), 1 / 255, 0);
  }
}

describe.each(['blazeface', 'emotion', 'faceres', 'facemesh', 'iris'])('TF.js → ONNX parity: %s', (id) => {
  const spec = packSpec(id);
  if (!spec) throw new Error(`no pack entry ${id}`);

  beforeAll(() => useTfjsBackend('cpu'));

  it('agrees with TF.js on a face crop and a seeded random tensor', async () => {
    const model = await readTfjsModel(resolvePackSource(spec));
    const converted = convertTfjsModel(model, {
      inputNames: Object.fromEntries(Object.entries(spec.inputs).map(([tf, t]) => [tf, t.name])),
      outputNames: Object.fromEntries(Object.entries(spec.outputs).map(([tf, t]) => [tf, t.name])),
    });
    const graph = await loadTfjsGraphModel(model);
    const session = await ort.InferenceSession.create(converted.onnx);
    const input = converted.inputs[0];
    if (!input?.shape) throw new Error(`${id}: converted input has no shape`);
    const imageShape = input.shape.map((d) => (typeof d === 'number' ? d : 1));
    const count = imageShape.reduce((a, b) => a * b, 1);
    const [low, high] = spec.preprocessing.range;
    const face = faceInput(spec, fixture('single_face.jpg'));
    const random = seededUniform(count, 7, low, high);
    // A dynamic batch is exercised with both images in one batch of 2; BlazeFace's batch is fixed at 1.
    const cases: Record<string, [Float32Array, number[]]> =
      input.shape[0] === 'batch'
        ? { 'face crop + random (seed 7), batch 2': [stackBatch([face, random]), [2, ...imageShape.slice(1)]] }
        : { 'face crop': [face, imageShape], 'random (seed 7)': [random, imageShape] };

    for (const [label, [data, shape]] of Object.entries(cases)) {
      const expected = runTfjs(graph, data, shape, converted.outputs.map((o) => o.tfjsName));
      const actual = await session.run({ [input.name]: new ort.Tensor('float32', data, shape) });
      converted.outputs.forEach((output, i) => {
        const want = expected[i];
        const got = actual[output.name];
        expect(got?.dims).toEqual(want?.shape);
        const gotData = got?.data as Float32Array;
        let maxDiff = 0;
        let maxAbs = 0;
        // Each element against a bound from its own magnitude: a bound from the tensor's largest value
        // would let a BlazeFace logit near 0 (the decision boundary) move by 0.05.
        let worst = { j: -1, ratio: 0 };
        want?.data.forEach((value, j) => {
          const diff = Math.abs(value - (gotData[j] ?? NaN));
          maxDiff = Math.max(maxDiff, diff);
          maxAbs = Math.max(maxAbs, Math.abs(value));
          const ratio = diff / (TOLERANCE * Math.max(1, Math.abs(value)));
          if (!(ratio <= worst.ratio)) worst = { j, ratio };
        });
        const worstValue = want?.data[worst.j] ?? NaN;
        console.log(`parity ${id} ${output.name} (${label}): max |diff| ${maxDiff.toExponential(2)} (max |value| ${maxAbs.toPrecision(4)}); worst element ${worst.j} = ${worstValue.toPrecision(4)} at ${worst.ratio.toFixed(3)} of its bound`);
        expect(worst.ratio).toBeLessThanOrEqual(1);
      });
    }
    await session.release();
    graph.dispose();
  });
});
