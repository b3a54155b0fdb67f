import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr, buildModel, initializer, int64Initializer, node, parseModel, valueInfo } from './onnx-graph';

describe('onnx-graph', () => {
  it('builds a model onnxruntime-node runs, with a symbolic batch dim', async () => {
    // y = relu(x * w + b) reshaped to [batch, 6]: exercises float and int64 initializers and attributes.
    const bytes = buildModel({
      graphName: 'tiny',
      inputs: [valueInfo('x', 'float32', ['batch', 2, 3])],
      outputs: [valueInfo('y', 'float32', ['batch', 6])],
      initializers: [
        initializer('w', Float32Array.from([1, -2, 3]), [3]),
        initializer('b', Float32Array.from([0.5]), []),
        int64Initializer('shape', [-1, 6]),
      ],
      nodes: [
        node('Mul', ['x', 'w'], ['xw']),
        node('Add', ['xw', 'b'], ['xwb']),
        node('LeakyRelu', ['xwb'], ['act'], { alpha: attr.float(0.25) }),
        node('Reshape', ['act', 'shape'], ['y']),
      ],
      metadata: { source: 'test' },
    });
    const model = parseModel(bytes);
    expect(Number(model.irVersion)).toBe(8);
    expect(Number(model.opsetImport[0]?.version)).toBe(17);
    expect(model.metadataProps[0]).toMatchObject({ key: 'source', value: 'test' });

    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['x']);
    const x = new ort.Tensor('float32', Float32Array.from([1, 1, 1, -1, -1, -1, 0, 0, 0, 2, 2, 2]), [2, 2, 3]);
    const { y } = await session.run({ x });
    expect(y?.dims).toEqual([2, 6]);
    expect(Array.from(y?.data as Float32Array)).toEqual([1.5, -0.375, 3.5, -0.125, 2.5, -0.625, 0.5, 0.5, 0.5, 2.5, -0.875, 6.5]);
    await session.release();
  });

  it('rejects an initializer whose dims do not match its data', () => {
    expect(() => initializer('w', new Float32Array(5), [2, 3])).toThrow(/initializer w: dims \[2, 3\] hold 6 values, data has 5/);
  });
});
