/**
 * TF's MatMul is strictly 2-D with optional transposes: ONNX Gemm with transA / transB, and for
 * _FusedMatMul the bias as Gemm's C (broadcast over rows) followed by the fused activation.
 */
import { attr } from '../../onnx/onnx-graph';
import { attrBool } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';
import { emitActivation, readFusedTail } from './activation';

function matMul(tfNode: TfNode, ctx: GraphEmitter, fused: boolean): string {
  const tail = fused ? readFusedTail(tfNode, ctx, 2) : undefined;
  const inputs = [ctx.input(tfNode, 0), ctx.input(tfNode, 1)];
  if (tail?.biasRef !== undefined) inputs.push(ctx.tensor(tail.biasRef, tfNode));
  const gemmName = tail && tail.activation !== 'linear' ? `${tfNode.name}/gemm` : tfNode.name;
  const gemm = ctx.emit('Gemm', inputs, gemmName, {
    transA: attr.int(attrBool(tfNode, 'transpose_a', false) ? 1 : 0),
    transB: attr.int(attrBool(tfNode, 'transpose_b', false) ? 1 : 0),
  });
  return tail ? emitActivation(ctx, tfNode, gemm, tail, tfNode.name) : gemm;
}

export const matmulTranslators = {
  MatMul: (n: TfNode, ctx: GraphEmitter) => matMul(n, ctx, false),
  _FusedMatMul: (n: TfNode, ctx: GraphEmitter) => matMul(n, ctx, true),
};
