/**
 * Reductions over constant axes. Opset 17 takes ReduceSum's axes as an input but ReduceMean's and
 * ReduceMax's as an attribute. TF reduces nothing for an empty axis list; ONNX would reduce everything.
 */
import { attr } from '../../onnx/onnx-graph';
import { attrBool } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';

function reduction(onnxOp: 'ReduceMean' | 'ReduceMax' | 'ReduceMin' | 'ReduceSum' | 'ReduceProd') {
  return (tfNode: TfNode, ctx: GraphEmitter): string => {
    const x = ctx.input(tfNode, 0);
    const axes = ctx.constantInts(tfNode.input?.[1], tfNode, 'reduction axes');
    if (axes.length === 0) return x;
    const keepdims = attr.int(attrBool(tfNode, 'keep_dims', false) ? 1 : 0);
    if (onnxOp === 'ReduceSum') return ctx.emit(onnxOp, [x, ctx.int64(`${tfNode.name}/axes`, axes)], tfNode.name, { keepdims });
    return ctx.emit(onnxOp, [x], tfNode.name, { axes: attr.ints(axes), keepdims });
  };
}

export const reduceTranslators = {
  Mean: reduction('ReduceMean'),
  Sum: reduction('ReduceSum'),
  Max: reduction('ReduceMax'),
  Min: reduction('ReduceMin'),
  Prod: reduction('ReduceProd'),
};
