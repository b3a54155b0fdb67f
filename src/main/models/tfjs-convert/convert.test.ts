/**
 * The converter op by op: small TF.js graphs (built in memory, with the attributes TF.js's own converter
 * writes) converted to ONNX and run by onnxruntime-node, against TF.js (cpu) running the original.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { isViperError } from '../../../shared/errors';
import { parseModel } from '../onnx/onnx-graph';
import { convertTfjsModel, graphName } from './convert';
import { seededUniform } from './parity-inputs';
import type { TfjsModel } from './read-model';
import { loadTfjsGraphModel, runTfjs, useTfjsBackend } from './tfjs-reference';
import { tfAttr, TinyGraph, type Quantisation } from './tiny-graph';

beforeAll(() => useTfjsBackend('cpu'));

/** Converts, runs both on a seeded input in [-2, 2), and returns max |diff| over all outputs. */
async function parity(model: TfjsModel, inputShape: number[], seed = 1): Promise<number> {
  const converted = convertTfjsModel(model);
  const input = seededUniform(inputShape.reduce((a, b) => a * b, 1), seed, -2, 2);
  const graph = await loadTfjsGraphModel(model);
  const expected = runTfjs(graph, input, inputShape, converted.outputs.map((o) => o.tfjsName));
  graph.dispose();
  const session = await ort.InferenceSession.create(converted.onnx);
  const actual = await session.run({ [converted.inputs[0]?.name ?? '']: new ort.Tensor('float32', input, inputShape) });
  await session.release();
  let maxDiff = 0;
  converted.outputs.forEach((output, i) => {
    const got = actual[output.name];
    expect(got?.dims, `${output.name} shape`).toEqual(expected[i]?.shape);
    expected[i]?.data.forEach((value, j) => (maxDiff = Math.max(maxDiff, Math.abs(value - ((got?.data as Float32Array)[j] ?? NaN)))));
  });
  return maxDiff;
}

const conv = (padding: string, strides = [1, 1, 1, 1], dilations = [1, 1, 1, 1]) => ({
  padding: tfAttr.s(padding),
  strides: tfAttr.ints(strides),
  dilations: tfAttr.ints(dilations),
  data_format: tfAttr.s('NHWC'),
});

const weights = (count: number, seed: number) => seededUniform(count, seed, -0.5, 0.5);

describe('convolutions and pools', () => {
  it('Conv2D VALID with dilation 2', async () => {
    const g = new TinyGraph();
    g.op('y', 'Conv2D', [g.placeholder('x', [1, 9, 9, 3]), g.constant('w', weights(3 * 3 * 3 * 4, 2), [3, 3, 3, 4])], conv('VALID', [1, 1, 1, 1], [1, 2, 2, 1]));
    expect(await parity(g.toModel(), [1, 9, 9, 3])).toBeLessThan(1e-5);
  });

  it('_FusedConv2D SAME stride 2 with BiasAdd + Relu6, on a dynamic batch of 3', async () => {
    const g = new TinyGraph();
    const args = [g.placeholder('x', [-1, 8, 7, 2]), g.constant('w', weights(2 * 2 * 2 * 5, 3), [2, 2, 2, 5]), g.constant('b', weights(5, 4), [5])];
    g.op('y', '_FusedConv2D', args, { ...conv('SAME', [1, 2, 2, 1]), fused_ops: tfAttr.strings(['BiasAdd', 'Relu6']), num_args: tfAttr.i(1) });
    expect(await parity(g.toModel(), [3, 8, 7, 2])).toBeLessThan(1e-5);
  });

  it("_FusedConv2D with 'EXPLICIT' padding and BiasAdd + LeakyRelu (alpha 0.1)", async () => {
    const g = new TinyGraph();
    const args = [g.placeholder('x', [1, 6, 6, 2]), g.constant('w', weights(3 * 3 * 2 * 3, 5), [3, 3, 2, 3]), g.constant('b', weights(3, 6), [3])];
    g.op('y', '_FusedConv2D', args, {
      ...conv('EXPLICIT'),
      explicit_paddings: tfAttr.ints([0, 0, 2, 1, 0, 3, 0, 0]),
      fused_ops: tfAttr.strings(['BiasAdd', 'LeakyRelu']),
      num_args: tfAttr.i(1),
      leakyrelu_alpha: tfAttr.f(0.1),
    });
    expect(await parity(g.toModel(), [1, 6, 6, 2])).toBeLessThan(1e-5);
  });

  it('FusedDepthwiseConv2dNative with channel multiplier 2 and BiasAdd + Prelu', async () => {
    const g = new TinyGraph();
    const args = [g.placeholder('x', [1, 7, 7, 3]), g.constant('w', weights(3 * 3 * 3 * 2, 7), [3, 3, 3, 2]), g.constant('b', weights(6, 8), [6]), g.constant('alpha', weights(6, 9), [6])];
    g.op('y', 'FusedDepthwiseConv2dNative', args, { ...conv('SAME'), fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']), num_args: tfAttr.i(2) });
    expect(await parity(g.toModel(), [1, 7, 7, 3])).toBeLessThan(1e-5);
  });

  it('DepthwiseConv2dNative then _FusedConv2D with BiasAdd + Elu (adjacent convs share one layout)', async () => {
    const g = new TinyGraph();
    const dw = g.op('dw', 'DepthwiseConv2dNative', [g.placeholder('x', [1, 5, 5, 4]), g.constant('dw_w', weights(3 * 3 * 4, 10), [3, 3, 4, 1])], conv('SAME', [1, 2, 2, 1]));
    g.op('y', '_FusedConv2D', [dw, g.constant('w', weights(4 * 2, 11), [1, 1, 4, 2]), g.constant('b', weights(2, 12), [2])], {
      ...conv('VALID'),
      fused_ops: tfAttr.strings(['BiasAdd', 'Elu']),
      num_args: tfAttr.i(1),
    });
    const model = g.toModel();
    expect(await parity(model, [1, 5, 5, 4])).toBeLessThan(1e-5);
    // The NHWC round trip between the two convolutions is pruned: one transpose in, one out.
    const transposes = parseModel(convertTfjsModel(model).onnx).graph?.node?.filter((n) => n.opType === 'Transpose');
    expect(transposes).toHaveLength(2);
  });

  it('Prelu on an image (fused, and after a residual Add) runs as depthwise convolutions, no PRelu node', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [-1, 6, 6, 4]);
    const args = [x, g.constant('w', weights(3 * 3 * 4 * 4, 13), [3, 3, 4, 4]), g.constant('b', weights(4, 14), [4]), g.constant('alpha', weights(4, 15), [4])];
    const fused = g.op('conv', '_FusedConv2D', args, { ...conv('SAME'), fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']), num_args: tfAttr.i(2) });
    // A separate Prelu with a [1, 1, C] alpha, as FaceMesh writes them after its residual adds.
    g.op('y', 'Prelu', [g.op('sum', 'AddV2', [fused, x]), g.constant('alpha2', weights(4, 16), [1, 1, 4])]);
    const model = g.toModel();
    expect(await parity(model, [2, 6, 6, 4])).toBeLessThan(1e-5);
    const ops = (parseModel(convertTfjsModel(model).onnx).graph?.node ?? []).map((n) => n.opType ?? '');
    expect(ops).not.toContain('PRelu');
    expect(ops.filter((op) => op === 'Conv')).toHaveLength(1 + 2 * 2);
  });

  it("Keras's relu6 (Relu → Minimum(6) → Maximum(0)) becomes one Clip with the same values", async () => {
    const g = new TinyGraph();
    const y = g.op('conv', 'Conv2D', [g.placeholder('x', [1, 5, 5, 2]), g.constant('w', weights(3 * 3 * 2 * 3, 17), [3, 3, 2, 3])], conv('SAME'));
    // Operands both ways round: TF's clip_by_value writes the tensor first, but Minimum commutes.
    const min = g.op('min', 'Minimum', [g.constant('six', [6], []), g.op('relu', 'Relu', [g.op('scaled', 'Mul', [y, g.constant('k', [20], [])])])]);
    g.op('out', 'Maximum', [min, g.constant('zero', [0], [])]);
    const model = g.toModel();
    expect(await parity(model, [1, 5, 5, 2])).toBeLessThan(1e-5);
    const ops = (parseModel(convertTfjsModel(model).onnx).graph?.node ?? []).map((n) => n.opType ?? '');
    expect(ops.filter((op) => ['Relu', 'Min', 'Max', 'Clip'].includes(op))).toEqual(['Clip']);
  });

  it('AvgPool SAME (padding not counted, as in TF) and MaxPool VALID', async () => {
    const g = new TinyGraph();
    const pooled = g.op('avg', 'AvgPool', [g.placeholder('x', [1, 7, 7, 2])], { ksize: tfAttr.ints([1, 3, 3, 1]), strides: tfAttr.ints([1, 2, 2, 1]), padding: tfAttr.s('SAME'), data_format: tfAttr.s('NHWC') });
    g.op('y', 'MaxPool', [pooled], { ksize: tfAttr.ints([1, 2, 2, 1]), strides: tfAttr.ints([1, 1, 1, 1]), padding: tfAttr.s('VALID'), data_format: tfAttr.s('NHWC') });
    expect(await parity(g.toModel(), [1, 7, 7, 2])).toBeLessThan(1e-6);
  });
});

describe('element-wise ops, reductions and matrices', () => {
  it('Sub, RealDiv, AddN, Maximum, Minimum, Relu6, Tanh, Rsqrt, Square, Abs, Sigmoid', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [2, 3, 4]);
    const c = g.constant('c', weights(4, 13), [4]);
    const abs = g.op('abs', 'Abs', [x]);
    const rsqrt = g.op('rsqrt', 'Rsqrt', [g.op('pos', 'AddV2', [abs, g.constant('one', [1], [])])]);
    const div = g.op('div', 'RealDiv', [g.op('sub', 'Sub', [x, c]), g.op('sq', 'Square', [rsqrt])]);
    const clipped = g.op('clip', 'Maximum', [g.op('min', 'Minimum', [div, g.constant('hi', [1.5], [])]), g.constant('lo', [-1.5], [])]);
    g.op('y', 'AddN', [g.op('r6', 'Relu6', [g.op('times', 'Mul', [x, g.constant('four', [4], [])])]), g.op('tanh', 'Tanh', [clipped]), g.op('sig', 'Sigmoid', [x])], { N: tfAttr.i(3) });
    expect(await parity(g.toModel(), [2, 3, 4])).toBeLessThan(1e-6);
  });

  it('Add and Div (the older op names), broadcast both ways and with operands in order', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [2, 3, 4]);
    // A denominator of the input itself, kept away from 0, so that swapped operands would not go unseen.
    const denominator = g.op('den', 'Add', [g.op('abs', 'Abs', [x]), g.constant('half', [0.5], [])]);
    const sum = g.op('sum', 'Add', [g.constant('row', weights(4, 15), [4]), x]);
    const column = g.op('column', 'Add', [x, g.constant('col', weights(3, 16), [3, 1])]);
    g.op('y', 'Div', [g.op('mixed', 'Mul', [sum, column]), denominator]);
    g.op('z', 'Div', [g.constant('num', weights(4, 17), [4]), denominator]);
    expect(await parity(g.toModel(), [2, 3, 4])).toBeLessThan(1e-5);
  });

  it('Neg, Exp, Sqrt, Log, BiasAdd, Transpose, Min and Prod', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [2, 3, 4]);
    const pos = g.op('pos', 'AddV2', [g.op('abs', 'Abs', [x]), g.constant('half', [0.5], [])]);
    const mixed = g.op('mixed', 'AddV2', [g.op('log', 'Log', [pos]), g.op('sqrt', 'Sqrt', [pos])]);
    const biased = g.op('biased', 'BiasAdd', [g.op('exp', 'Exp', [g.op('neg', 'Neg', [mixed])]), g.constant('bias', weights(4, 20), [4])], { data_format: tfAttr.s('NHWC') });
    const transposed = g.op('transposed', 'Transpose', [biased, g.constant('perm', [2, 0, 1], [3], { dtype: 'int32' })]);
    g.op('min', 'Min', [transposed, g.constant('min_axes', [0], [1], { dtype: 'int32' })], { keep_dims: tfAttr.b(false) });
    g.op('prod', 'Prod', [transposed, g.constant('prod_axes', [2], [1], { dtype: 'int32' })], { keep_dims: tfAttr.b(true) });
    expect(await parity(g.toModel(), [2, 3, 4])).toBeLessThan(1e-6);
  });

  it('Sum (keep_dims), Max, Mean, Softmax', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [2, 3, 4, 5]);
    const sum = g.op('sum', 'Sum', [x, g.constant('sum_axes', [1, 2], [2], { dtype: 'int32' })], { keep_dims: tfAttr.b(true) });
    const max = g.op('max', 'Max', [sum, g.constant('max_axes', [-1], [1], { dtype: 'int32' })], { keep_dims: tfAttr.b(false) });
    g.op('softmax', 'Softmax', [g.op('mean', 'Mean', [x, g.constant('mean_axes', [1, 2], [2], { dtype: 'int32' })], { keep_dims: tfAttr.b(false) })]);
    g.op('y', 'Identity', [max]);
    expect(await parity(g.toModel(), [2, 3, 4, 5])).toBeLessThan(1e-5);
  });

  it('MatMul with transpose_b, and _FusedMatMul with BiasAdd + Relu / + Prelu', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [3, 6]);
    const a = g.op('a', 'MatMul', [x, g.constant('wt', weights(4 * 6, 14), [4, 6])], { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(true) });
    const b = g.op('b', '_FusedMatMul', [a, g.constant('w2', weights(4 * 5, 15), [4, 5]), g.constant('b2', weights(5, 16), [5])], { fused_ops: tfAttr.strings(['BiasAdd', 'Relu']), num_args: tfAttr.i(1) });
    g.op('y', '_FusedMatMul', [b, g.constant('w3', weights(5 * 2, 17), [5, 2]), g.constant('b3', weights(2, 18), [2]), g.constant('alpha', [0.3, 0.7], [2])], {
      fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']),
      num_args: tfAttr.i(2),
    });
    expect(await parity(g.toModel(), [3, 6])).toBeLessThan(1e-6);
  });
});

describe('shape ops', () => {
  it('StridedSlice (begin/end masks, negative stride, shrink), Squeeze, ExpandDims, Reshape, ConcatV2', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [2, 6, 5]);
    const int = (name: string, values: number[]) => g.constant(name, values, [values.length], { dtype: 'int32' });
    const sliced = g.op('slice', 'StridedSlice', [x, int('begin', [0, 1, 4]), int('end', [0, 5, 0]), int('strides', [1, 2, -1])], {
      begin_mask: tfAttr.i(1),
      end_mask: tfAttr.i(5),
      shrink_axis_mask: tfAttr.i(0),
    });
    const row = g.op('row', 'StridedSlice', [x, int('b2', [-1, 0, 0]), int('e2', [0, 0, 0]), int('s2', [1, 1, 1])], { begin_mask: tfAttr.i(6), end_mask: tfAttr.i(6), shrink_axis_mask: tfAttr.i(1) });
    const expanded = g.op('expand', 'ExpandDims', [row, g.constant('axis', [0], [], { dtype: 'int32' })]);
    const squeezed = g.op('squeeze', 'Squeeze', [expanded], { squeeze_dims: tfAttr.ints([0]) });
    const flatSlice = g.op('flat_slice', 'Reshape', [sliced, int('shape', [1, -1])]);
    const flatRow = g.op('flat_row', 'Reshape', [squeezed, int('shape2', [1, -1])]);
    g.op('y', 'ConcatV2', [flatSlice, flatRow, g.constant('axis1', [-1], [], { dtype: 'int32' })], { N: tfAttr.i(2) });
    expect(await parity(g.toModel(), [2, 6, 5])).toBeLessThan(1e-7);
  });

  it('Pad and PadV2 with a constant value', async () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [1, 3, 3, 2]);
    const padded = g.op('pad', 'Pad', [x, g.constant('p', [0, 0, 1, 2, 0, 1, 0, 3], [4, 2], { dtype: 'int32' })]);
    g.op('y', 'PadV2', [padded, g.constant('p2', [0, 0, 1, 1, 1, 1, 0, 0], [4, 2], { dtype: 'int32' }), g.constant('v', [-0.5], [])]);
    expect(await parity(g.toModel(), [1, 3, 3, 2])).toBe(0);
  });
});

describe('quantised weights', () => {
  it.each<Quantisation>(['float16', 'uint8', 'uint16'])('a %s-quantised filter decodes to the values TF.js uses', async (quantisation) => {
    const g = new TinyGraph();
    g.op('y', 'Conv2D', [g.placeholder('x', [1, 5, 5, 3]), g.constant('w', weights(3 * 3 * 3 * 2, 19), [3, 3, 3, 2], { quantisation })], conv('SAME'));
    expect(await parity(g.toModel(), [1, 5, 5, 3])).toBeLessThan(1e-5);
  });
});

describe('errors', () => {
  const errorOf = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  };

  it('an unknown op names the op, the node and the model', () => {
    const g = new TinyGraph();
    g.op('mystery/node', 'Cumsum', [g.placeholder('x', [1, 4]), g.constant('axis', [1], [], { dtype: 'int32' })]);
    const error = errorOf(() => convertTfjsModel(g.toModel('models/odd/model.json')));
    expect(isViperError(error) && error.code).toBe('models/unsupported-op');
    expect((error as Error).message).toMatch(/models\/odd\/model\.json: node "mystery\/node" \(op Cumsum\) is not supported/);
  });

  it('a filter computed at run time is refused with the reason', () => {
    const g = new TinyGraph();
    const x = g.placeholder('x', [1, 4, 4, 1]);
    g.op('y', 'Conv2D', [x, g.op('w', 'Relu', [g.constant('w0', weights(4, 1), [2, 2, 1, 1])])], conv('VALID'));
    expect((errorOf(() => convertTfjsModel(g.toModel())) as Error).message).toMatch(/node "y" \(op Conv2D\) needs its filter as a constant; w is computed at run time/);
  });

  it('StridedSlice with new_axis_mask is refused, not mistranslated', () => {
    const g = new TinyGraph();
    const int = (name: string, values: number[]) => g.constant(name, values, [values.length], { dtype: 'int32' });
    g.op('y', 'StridedSlice', [g.placeholder('x', [2, 3]), int('b', [0, 0]), int('e', [1, 1]), int('s', [1, 1])], { new_axis_mask: tfAttr.i(1) });
    expect((errorOf(() => convertTfjsModel(g.toModel())) as Error).message).toMatch(/uses new_axis_mask/);
  });

  it('outputs use the signature names and keep a dynamic batch', () => {
    const g = new TinyGraph();
    g.op('Identity', 'Identity', [g.op('relu', 'Relu', [g.placeholder('input_1', [-1, 4])])]);
    const signature = { outputs: { out: { name: 'Identity:0', tensorShape: { dim: [{ size: '1' }, { size: '4' }] } } } };
    const result = convertTfjsModel(g.toModel('m.json', { signature }), { inputNames: { 'input_1:0': 'image' }, outputNames: { 'Identity:0': 'scores' } });
    expect(result.inputs).toEqual([{ name: 'image', tfjsName: 'input_1:0', shape: ['batch', 4] }]);
    expect(result.outputs).toEqual([{ name: 'scores', tfjsName: 'Identity:0', shape: ['batch', 4] }]);
    expect(result.ops).toEqual({ Relu: 1, Identity: 1 });
  });
});

describe('graph name', () => {
  it("is the source's path from its package on, or its file name: never the folder the install is in", () => {
    expect(graphName('/home/ann/viper/node_modules/@vladmandic/human/models/faceres.json')).toBe('@vladmandic/human/models/faceres.json');
    expect(graphName('/opt/viper/node_modules/a/node_modules/@vladmandic/human/models/faceres.json')).toBe('@vladmandic/human/models/faceres.json');
    expect(graphName('C:\\Users\\ann\\viper\\node_modules\\@vladmandic\\human\\models\\faceres.json')).toBe('@vladmandic/human/models/faceres.json');
    expect(graphName('/tmp/test-xyz/tiny/model.json')).toBe('model.json');
  });
});
