/**
 * Shape and layout ops whose parameters are constants in the graph (shapes, paddings, axes, slice
 * bounds): read at conversion and written as ONNX int64 initializers. They act on the TF.js (NHWC) layout
 * as it is, so axis numbers carry over unchanged.
 */
import { attr, type Attribute } from '../../onnx/onnx-graph';
import { attrFloat, attrInt, attrInts } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';

type Translator = (tfNode: TfNode, ctx: GraphEmitter) => string;

/** "To the end of the axis" for ONNX Slice, which clamps out-of-range bounds. */
const TO_END = Number.MAX_SAFE_INTEGER;

function pad(tfNode: TfNode, ctx: GraphEmitter, constantValue: number): string {
  const pairs = ctx.constantInts(tfNode.input?.[1], tfNode, 'paddings');
  // TF: [[before, after] per axis]; ONNX: all befores, then all afters.
  const befores = pairs.filter((_, i) => i % 2 === 0);
  const afters = pairs.filter((_, i) => i % 2 === 1);
  const inputs = [ctx.input(tfNode, 0), ctx.int64(`${tfNode.name}/pads`, [...befores, ...afters])];
  if (constantValue !== 0) inputs.push(ctx.floatScalar(`${tfNode.name}/value`, constantValue));
  return ctx.emit('Pad', inputs, tfNode.name, { mode: attr.string('constant') });
}

const stridedSlice: Translator = (tfNode, ctx) => {
  for (const mask of ['ellipsis_mask', 'new_axis_mask']) {
    if (attrInt(tfNode, mask, 0) !== 0) throw ctx.unsupported(tfNode, `uses ${mask}, which the converter does not support (begin_mask, end_mask and shrink_axis_mask are).`);
  }
  const begin = ctx.constantInts(tfNode.input?.[1], tfNode, 'begin');
  const end = ctx.constantInts(tfNode.input?.[2], tfNode, 'end');
  const strides = ctx.constantInts(tfNode.input?.[3], tfNode, 'strides');
  const beginMask = attrInt(tfNode, 'begin_mask', 0);
  const endMask = attrInt(tfNode, 'end_mask', 0);
  const shrinkMask = attrInt(tfNode, 'shrink_axis_mask', 0);
  const starts: number[] = [];
  const ends: number[] = [];
  const shrunk: number[] = [];
  begin.forEach((b, axis) => {
    const step = strides[axis] ?? 1;
    const bit = 1 << axis;
    if (shrinkMask & bit) {
      // One element, then the axis is squeezed away; index -1 must run to the end, not to 0.
      starts.push(b);
      ends.push(b === -1 ? TO_END : b + 1);
      shrunk.push(axis);
      return;
    }
    starts.push(beginMask & bit ? (step > 0 ? 0 : TO_END) : b);
    ends.push(endMask & bit ? (step > 0 ? TO_END : -TO_END) : (end[axis] ?? TO_END));
  });
  const steps = begin.map((_, axis) => (shrinkMask & (1 << axis) ? 1 : (strides[axis] ?? 1)));
  const axes = begin.map((_, axis) => axis);
  const sliced = ctx.emit(
    'Slice',
    [ctx.input(tfNode, 0), ctx.int64(`${tfNode.name}/starts`, starts), ctx.int64(`${tfNode.name}/ends`, ends), ctx.int64(`${tfNode.name}/axes`, axes), ctx.int64(`${tfNode.name}/steps`, steps)],
    shrunk.length > 0 ? `${tfNode.name}/slice` : tfNode.name,
  );
  return shrunk.length > 0 ? ctx.emit('Squeeze', [sliced, ctx.int64(`${tfNode.name}/squeeze`, shrunk)], tfNode.name) : sliced;
};

export const shapeTranslators: Record<string, Translator> = {
  Reshape: (tfNode, ctx) => {
    const shape = ctx.constantInts(tfNode.input?.[1], tfNode, 'shape');
    // In TF a 0 is an empty axis; ONNX reads 0 as "copy the input's size" unless allowzero is set.
    const extra: Record<string, Attribute> = shape.includes(0) ? { allowzero: attr.int(1) } : {};
    return ctx.emit('Reshape', [ctx.input(tfNode, 0), ctx.int64(`${tfNode.name}/shape`, shape)], tfNode.name, extra);
  },
  Pad: (tfNode, ctx) => pad(tfNode, ctx, attrFloat(tfNode, 'constant_value', 0)),
  PadV2: (tfNode, ctx) => pad(tfNode, ctx, ctx.constant(tfNode.input?.[2], tfNode, 'constant value').data[0] ?? 0),
  ConcatV2: (tfNode, ctx) => {
    const refs = (tfNode.input ?? []).filter((ref) => !ref.startsWith('^'));
    const [axis] = ctx.constantInts(refs.at(-1), tfNode, 'axis');
    return ctx.emit('Concat', refs.slice(0, -1).map((ref) => ctx.tensor(ref, tfNode)), tfNode.name, { axis: attr.int(axis ?? 0) });
  },
  Squeeze: (tfNode, ctx) => {
    // No axes: TF and ONNX both drop every axis of size 1.
    const axes = attrInts(tfNode, 'squeeze_dims', attrInts(tfNode, 'axis', []));
    const inputs = [ctx.input(tfNode, 0)];
    if (axes.length > 0) inputs.push(ctx.int64(`${tfNode.name}/axes`, axes));
    return ctx.emit('Squeeze', inputs, tfNode.name);
  },
  ExpandDims: (tfNode, ctx) => {
    // A negative axis counts from the end of the output in both TF and ONNX.
    const axes = ctx.constantInts(tfNode.input?.[1], tfNode, 'axis');
    return ctx.emit('Unsqueeze', [ctx.input(tfNode, 0), ctx.int64(`${tfNode.name}/axes`, axes)], tfNode.name);
  },
  Transpose: (tfNode, ctx) => ctx.emit('Transpose', [ctx.input(tfNode, 0)], tfNode.name, { perm: attr.ints(ctx.constantInts(tfNode.input?.[1], tfNode, 'perm')) }),
  StridedSlice: stridedSlice,
};
