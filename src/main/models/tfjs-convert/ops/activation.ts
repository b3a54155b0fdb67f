/**
 * Activations, alone or as the tail of TF.js's fused ops (_FusedConv2D, FusedDepthwiseConv2dNative,
 * _FusedMatMul). The fused form follows tfjs-converter: `fused_ops` is [extra op, activation], e.g.
 * ['BiasAdd', 'Relu']; the extra inputs (`num_args`) are the bias and then, for Prelu, the alpha; without
 * BiasAdd the first extra input is the Prelu alpha; `leakyrelu_alpha` defaults to 0.2.
 *
 * Two activations are written in the form ONNX Runtime runs fastest on CPU, with the same values:
 *   - Prelu on an image is Relu(x) + (−α)·Relu(−x), the two products as 1×1 depthwise convolutions. ONNX
 *     Runtime's blocked (NCHWc) layout has no PRelu, so a PRelu between convolutions costs two layout
 *     reorders and a transpose each; in this form every op stays in the blocked layout (FaceMesh at batch
 *     32: 146 → 62 ms on one thread).
 *   - Keras's relu6 (Relu → Minimum(6) → Maximum(0), FaceRes) is one Clip, which ONNX Runtime fuses into the
 *     convolution before it (FaceRes at batch 32: 579 → 391 ms on one thread, outputs bit-identical).
 */
import { attr } from '../../onnx/onnx-graph';
import { attrFloat, attrInt, attrStrings } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';

export type Activation = 'linear' | 'relu' | 'relu6' | 'elu' | 'prelu' | 'leakyrelu' | 'sigmoid';

const ACTIVATIONS: ReadonlySet<string> = new Set(['relu', 'relu6', 'elu', 'prelu', 'leakyrelu', 'sigmoid']);

export interface FusedTail {
  /** The bias tensor reference, when the extra op is BiasAdd. */
  biasRef: string | undefined;
  activation: Activation;
  /** The Prelu alpha tensor reference. */
  preluRef: string | undefined;
  leakyAlpha: number;
}

/** Reads fused_ops / num_args of a fused node; `firstExtra` is the input index of the first extra argument. */
export function readFusedTail(tfNode: TfNode, ctx: GraphEmitter, firstExtra: number): FusedTail {
  const [extraOp = '', activationName = 'linear'] = attrStrings(tfNode, 'fused_ops').map((op) => op.toLowerCase());
  const extras = (tfNode.input ?? []).filter((ref) => !ref.startsWith('^')).slice(firstExtra);
  const numArgs = attrInt(tfNode, 'num_args', extras.length);
  if (extraOp === 'fusedbatchnorm') throw ctx.unsupported(tfNode, 'fuses FusedBatchNorm, which TF.js does not run either.');
  const isBias = extraOp === 'biasadd';
  // Without BiasAdd the single fused op is the activation itself.
  const activation = (isBias ? activationName : extraOp || 'linear') as Activation;
  if (activation !== 'linear' && !ACTIVATIONS.has(activation)) throw ctx.unsupported(tfNode, `fuses the activation "${activation}", which the converter does not support.`);
  if (extraOp !== '' && !isBias && !ACTIVATIONS.has(extraOp)) throw ctx.unsupported(tfNode, `fuses "${extraOp}", which the converter does not support.`);
  const expected = (isBias ? 1 : 0) + (activation === 'prelu' ? 1 : 0);
  if (numArgs !== expected || extras.length < expected) {
    throw ctx.unsupported(tfNode, `fuses [${attrStrings(tfNode, 'fused_ops').join(', ')}] with ${numArgs} extra inputs; expected ${expected}.`);
  }
  return {
    biasRef: isBias ? extras[0] : undefined,
    activation,
    preluRef: activation === 'prelu' ? extras[isBias ? 1 : 0] : undefined,
    leakyAlpha: attrFloat(tfNode, 'leakyrelu_alpha', 0.2),
  };
}

/**
 * Applies an activation to `x` (any layout: a Prelu alpha broadcasts over the last axis, as in NHWC);
 * `image` says x is a convolution's 4-D NHWC output (see emitPrelu).
 */
export function emitActivation(ctx: GraphEmitter, tfNode: TfNode, x: string, tail: Pick<FusedTail, 'activation' | 'preluRef' | 'leakyAlpha'>, base: string, image = false): string {
  switch (tail.activation) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.emit('Relu', [x], base);
    case 'relu6':
      return ctx.emit('Clip', [x, ctx.floatScalar(`${base}/min`, 0), ctx.floatScalar(`${base}/max`, 6)], base);
    case 'elu':
      return ctx.emit('Elu', [x], base, { alpha: attr.float(1) });
    case 'sigmoid':
      return ctx.emit('Sigmoid', [x], base);
    case 'leakyrelu':
      return ctx.emit('LeakyRelu', [x], base, { alpha: attr.float(tail.leakyAlpha) });
    case 'prelu': {
      if (tail.preluRef === undefined) throw ctx.unsupported(tfNode, 'uses Prelu without an alpha input.');
      return emitPrelu(ctx, tfNode, x, tail.preluRef, base, image);
    }
  }
}

/**
 * Prelu with its alpha broadcast over the last axis. `image` says x is a 4-D NHWC image (a convolution's
 * output); otherwise an alpha of shape [1, 1, C] says so, as only an NHWC image broadcasts that way. An
 * image gets the depthwise form, anything else a plain PRelu.
 */
export function emitPrelu(ctx: GraphEmitter, tfNode: TfNode, x: string, alphaRef: string, base: string, image: boolean): string {
  const alpha = ctx.isConstant(alphaRef) && !ctx.activationsAsWritten ? ctx.constant(alphaRef, tfNode, 'Prelu alpha') : null;
  const shape = alpha?.shape ?? [];
  const channelsOnly = shape.slice(0, -1).every((size) => size === 1);
  if (!alpha || !(alpha.data instanceof Float32Array) || !channelsOnly || !(image ? shape.length <= 3 : shape.length === 3)) {
    return ctx.emit('PRelu', [x, ctx.tensor(alphaRef, tfNode)], base);
  }
  const channels = alpha.data.length;
  const depthwise = { kernel_shape: attr.ints([1, 1]), group: attr.int(channels) };
  const nchw = ctx.toNchw(x);
  // −1 and −α are exact sign flips, so Relu(x) + (−α)·Relu(−x) equals max(x, 0) + α·min(x, 0) bit for bit.
  const minusOne = ctx.addInitializer(`${base}/minus_one`, new Float32Array(channels).fill(-1), [channels, 1, 1, 1]);
  const minusAlpha = ctx.addInitializer(`${base}/minus_alpha`, alpha.data.map((a) => -a), [channels, 1, 1, 1]);
  const negativePart = ctx.emit('Relu', [ctx.emit('Conv', [nchw, minusOne], `${base}/negate`, depthwise)], `${base}/relu_negated`);
  const scaled = ctx.emit('Conv', [negativePart, minusAlpha], `${base}/scale_negative`, depthwise);
  const sum = ctx.emit('Add', [ctx.emit('Relu', [nchw], `${base}/relu`), scaled], `${base}/nchw`);
  return ctx.toNhwc(sum);
}

/** A scalar constant's value, or null. */
function scalarOf(ctx: GraphEmitter, tfNode: TfNode, ref: string | undefined): number | null {
  if (ref === undefined || !ctx.isConstant(ref)) return null;
  const { data } = ctx.constant(ref, tfNode, 'bound');
  return data.length === 1 && data instanceof Float32Array ? (data[0] as number) : null;
}

/**
 * Maximum(Minimum(Relu(x), hi), lo) with scalar bounds 0 ≤ lo ≤ hi, as Keras writes relu6: Clip(x, lo, hi),
 * the same values in one op; null when `tfNode` is not the end of such a chain (the Relu and Minimum are
 * still emitted; pruning drops them when nothing else reads them).
 */
export function clampChain(ctx: GraphEmitter, tfNode: TfNode): string | null {
  const operands = (node: TfNode | undefined): [TfNode | undefined, number | null] => {
    const [a, b] = (node?.input ?? []).filter((ref) => !ref.startsWith('^'));
    const [computed, bound] = a !== undefined && ctx.isConstant(a) ? [b, a] : [a, b];
    return [computed === undefined ? undefined : ctx.tfNode(computed), node ? scalarOf(ctx, node, bound) : null];
  };
  if (ctx.activationsAsWritten) return null;
  const [minimum, lo] = operands(tfNode);
  if (minimum?.op !== 'Minimum') return null;
  const [relu, hi] = operands(minimum);
  const x = relu?.op === 'Relu' ? relu.input?.[0] : undefined;
  if (lo === null || hi === null || lo < 0 || hi < lo || x === undefined) return null;
  return ctx.emit('Clip', [ctx.tensor(x, relu as TfNode), ctx.floatScalar(`${tfNode.name}/min`, lo), ctx.floatScalar(`${tfNode.name}/max`, hi)], tfNode.name);
}
