/**
 * Element-wise ops. TF and ONNX share numpy broadcasting, and element-wise ops do not care about layout, so
 * these map one to one (Rsqrt and Square in two steps). Softmax is over the last axis in both.
 */
import { attr } from '../../onnx/onnx-graph';
import { attrFloat, attrString } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';
import { clampChain, emitActivation, emitPrelu } from './activation';

type Translator = (tfNode: TfNode, ctx: GraphEmitter) => string;

const dataInputs = (tfNode: TfNode): string[] => (tfNode.input ?? []).filter((ref) => !ref.startsWith('^'));

function binary(onnxOp: string): Translator {
  return (tfNode, ctx) => ctx.emit(onnxOp, [ctx.input(tfNode, 0), ctx.input(tfNode, 1)], tfNode.name);
}

function unary(onnxOp: string): Translator {
  return (tfNode, ctx) => ctx.emit(onnxOp, [ctx.input(tfNode, 0)], tfNode.name);
}

const activation =
  (kind: 'relu6' | 'elu' | 'leakyrelu'): Translator =>
  (tfNode, ctx) =>
    emitActivation(ctx, tfNode, ctx.input(tfNode, 0), { activation: kind, preluRef: undefined, leakyAlpha: attrFloat(tfNode, 'alpha', 0.2) }, tfNode.name);

export const elementwiseTranslators: Record<string, Translator> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  Maximum: (tfNode, ctx) => clampChain(ctx, tfNode) ?? binary('Max')(tfNode, ctx),
  Minimum: binary('Min'),
  BiasAdd: (tfNode, ctx) => {
    // The bias is 1-D over channels: a plain Add in NHWC, where channels are last.
    const format = attrString(tfNode, 'data_format', 'NHWC').toUpperCase();
    if (format !== 'NHWC') throw ctx.unsupported(tfNode, `has data_format ${format}; only NHWC is supported for BiasAdd.`);
    return ctx.emit('Add', [ctx.input(tfNode, 0), ctx.input(tfNode, 1)], tfNode.name);
  },
  AddN: (tfNode, ctx) => ctx.emit('Sum', dataInputs(tfNode).map((ref) => ctx.tensor(ref, tfNode)), tfNode.name),
  Relu: unary('Relu'),
  Relu6: activation('relu6'),
  Elu: activation('elu'),
  LeakyRelu: activation('leakyrelu'),
  Prelu: (tfNode, ctx) => {
    const alpha = tfNode.input?.[1];
    if (alpha === undefined) throw ctx.unsupported(tfNode, 'uses Prelu without an alpha input.');
    return emitPrelu(ctx, tfNode, ctx.input(tfNode, 0), alpha, tfNode.name, false);
  },
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Abs: unary('Abs'),
  Neg: unary('Neg'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: (tfNode, ctx) => ctx.emit('Reciprocal', [ctx.emit('Sqrt', [ctx.input(tfNode, 0)], `${tfNode.name}/sqrt`)], tfNode.name),
  Square: (tfNode, ctx) => {
    const x = ctx.input(tfNode, 0);
    return ctx.emit('Mul', [x, x], tfNode.name);
  },
  Softmax: (tfNode, ctx) => ctx.emit('Softmax', [ctx.input(tfNode, 0)], tfNode.name, { axis: attr.int(-1) }),
  // No node: the output is the input tensor itself.
  Identity: (tfNode, ctx) => ctx.input(tfNode, 0),
};
