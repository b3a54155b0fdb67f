/**
 * Activations, alone or as the tail of TF.js's fused ops (_FusedConv2D, FusedDepthwiseConv2dNative,
 * _FusedMatMul). The fused form follows tfjs-converter: `fused_ops` is [extra op, activation], e.g.
 * ['BiasAdd', 'Relu']; the extra inputs (`num_args`) are the bias and then, for Prelu, the alpha; without
 * BiasAdd the first extra input is the Prelu alpha; `leakyrelu_alpha` defaults to 0.2.
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

/** Applies an activation to `x` (any layout: a Prelu alpha broadcasts over the last axis, as in NHWC). */
export function emitActivation(ctx: GraphEmitter, tfNode: TfNode, x: string, tail: Pick<FusedTail, 'activation' | 'preluRef' | 'leakyAlpha'>, base: string): string {
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
      return ctx.emit('PRelu', [x, ctx.tensor(tail.preluRef, tfNode)], base);
    }
  }
}
