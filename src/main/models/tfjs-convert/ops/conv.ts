/**
 * Convolutions and pools. TF.js graphs are NHWC with HWIO filters; ONNX's Conv and pools are NCHW with
 * OIHW filters. Filters are transposed once here, at conversion; activations get a Transpose on each side
 * (GraphEmitter.toNchw / toNhwc), which ONNX Runtime's transpose optimiser cancels between layers.
 * Padding: SAME → auto_pad SAME_UPPER (TF puts the odd pixel at the end, as SAME_UPPER does), VALID → no
 * pads, EXPLICIT → `explicit_paddings` (pairs per axis in data_format order) as ONNX pads.
 */
import { attr, type Attribute } from '../../onnx/onnx-graph';
import { attrInts, attrString } from '../attrs';
import type { GraphEmitter } from '../emitter';
import type { TfNode } from '../model-json';
import { emitActivation, readFusedTail } from './activation';

type Layout = 'NHWC' | 'NCHW';

function layoutOf(ctx: GraphEmitter, tfNode: TfNode): Layout {
  const format = attrString(tfNode, 'data_format', 'NHWC').toUpperCase();
  if (format !== 'NHWC' && format !== 'NCHW') throw ctx.unsupported(tfNode, `has data_format ${format}; only NHWC and NCHW are supported.`);
  return format;
}

/** The two spatial entries (H, W) of a 4-entry per-axis attribute such as strides or ksize. */
function spatial(values: readonly number[], layout: Layout): [number, number] {
  const [h, w] = layout === 'NHWC' ? [values[1], values[2]] : [values[2], values[3]];
  return [h ?? 1, w ?? 1];
}

/** ONNX padding attributes for the node's `padding` / `explicit_paddings`. */
function paddingAttributes(ctx: GraphEmitter, tfNode: TfNode, layout: Layout): Record<string, Attribute> {
  const padding = attrString(tfNode, 'padding', 'VALID').toUpperCase();
  if (padding === 'SAME') return { auto_pad: attr.string('SAME_UPPER') };
  if (padding === 'VALID') return { pads: attr.ints([0, 0, 0, 0]) };
  if (padding === 'EXPLICIT') {
    const pairs = attrInts(tfNode, 'explicit_paddings', []);
    if (pairs.length !== 8) throw ctx.unsupported(tfNode, `has EXPLICIT padding with ${pairs.length} explicit_paddings; expected 8.`);
    const [hAxis, wAxis] = layout === 'NHWC' ? [1, 2] : [2, 3];
    const at = (i: number): number => pairs[i] ?? 0;
    return { pads: attr.ints([at(hAxis * 2), at(wAxis * 2), at(hAxis * 2 + 1), at(wAxis * 2 + 1)]) };
  }
  throw ctx.unsupported(tfNode, `has padding "${padding}"; expected SAME, VALID or EXPLICIT.`);
}

/** HWIO → OIHW; a depthwise HWCM filter becomes (C·M)×1×H×W, output channel c·M + m as in TF. */
function onnxFilter(ctx: GraphEmitter, tfNode: TfNode, depthwise: boolean): { name: string; kernel: [number, number]; group: number; outChannels: number } {
  const filter = ctx.constant(tfNode.input?.[1], tfNode, 'filter');
  if (filter.shape.length !== 4 || !(filter.data instanceof Float32Array)) throw ctx.unsupported(tfNode, `has a filter of shape [${filter.shape.join(', ')}] and dtype ${filter.dtype}; expected a 4-D float32 filter.`);
  const [kh = 0, kw = 0, cin = 0, cout = 0] = filter.shape;
  const src = filter.data;
  const outChannels = depthwise ? cin * cout : cout;
  const inPerGroup = depthwise ? 1 : cin;
  const dst = new Float32Array(src.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < cin; i++) {
        for (let o = 0; o < cout; o++) {
          const value = src[((y * kw + x) * cin + i) * cout + o] ?? 0;
          const [outChannel, inChannel] = depthwise ? [i * cout + o, 0] : [o, i];
          dst[((outChannel * inPerGroup + inChannel) * kh + y) * kw + x] = value;
        }
      }
    }
  }
  const name = ctx.addInitializer(`${tfNode.input?.[1] ?? tfNode.name}/oihw`, dst, [outChannels, inPerGroup, kh, kw]);
  return { name, kernel: [kh, kw], group: depthwise ? cin : 1, outChannels };
}

function convolution(tfNode: TfNode, ctx: GraphEmitter, depthwise: boolean, fused: boolean): string {
  const layout = layoutOf(ctx, tfNode);
  const tail = fused ? readFusedTail(tfNode, ctx, 2) : undefined;
  const filter = onnxFilter(ctx, tfNode, depthwise);
  const inputs = [layout === 'NHWC' ? ctx.toNchw(ctx.input(tfNode, 0)) : ctx.input(tfNode, 0), filter.name];
  if (tail?.biasRef !== undefined) {
    const bias = ctx.constant(tail.biasRef, tfNode, 'bias');
    if (bias.data.length !== filter.outChannels) throw ctx.unsupported(tfNode, `has a bias of ${bias.data.length} values for ${filter.outChannels} output channels.`);
    inputs.push(ctx.tensor(tail.biasRef, tfNode));
  }
  const convName = tail && tail.activation !== 'linear' ? `${tfNode.name}/conv` : tfNode.name;
  const conv = ctx.emit('Conv', inputs, convName, {
    kernel_shape: attr.ints(filter.kernel),
    strides: attr.ints(spatial(attrInts(tfNode, 'strides', [1, 1, 1, 1]), layout)),
    dilations: attr.ints(spatial(attrInts(tfNode, 'dilations', [1, 1, 1, 1]), layout)),
    group: attr.int(filter.group),
    ...paddingAttributes(ctx, tfNode, layout),
  });
  const out = layout === 'NHWC' ? ctx.toNhwc(conv) : conv;
  if (!tail) return out;
  if (tail.activation === 'prelu' && layout === 'NCHW') throw ctx.unsupported(tfNode, 'fuses Prelu in NCHW layout, which the converter does not support.');
  return emitActivation(ctx, tfNode, out, tail, tfNode.name, true);
}

function pool(tfNode: TfNode, ctx: GraphEmitter, opType: 'MaxPool' | 'AveragePool'): string {
  const layout = layoutOf(ctx, tfNode);
  const x = ctx.input(tfNode, 0);
  // TF's SAME average pool divides by the pixels inside the image: ONNX's count_include_pad = 0 (default).
  const pooled = ctx.emit(opType, [layout === 'NHWC' ? ctx.toNchw(x) : x], `${tfNode.name}/pool`, {
    kernel_shape: attr.ints(spatial(attrInts(tfNode, 'ksize', [1, 1, 1, 1]), layout)),
    strides: attr.ints(spatial(attrInts(tfNode, 'strides', [1, 1, 1, 1]), layout)),
    ...paddingAttributes(ctx, tfNode, layout),
  });
  return layout === 'NHWC' ? ctx.toNhwc(pooled) : pooled;
}

export const convTranslators = {
  Conv2D: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, false, false),
  DepthwiseConv2dNative: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, true, false),
  DepthwiseConv2d: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, true, false),
  _FusedConv2D: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, false, true),
  // TF.js's graph optimiser names the fused depthwise op without the underscore; accept both spellings.
  FusedDepthwiseConv2dNative: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, true, true),
  _FusedDepthwiseConv2dNative: (n: TfNode, ctx: GraphEmitter) => convolution(n, ctx, true, true),
  MaxPool: (n: TfNode, ctx: GraphEmitter) => pool(n, ctx, 'MaxPool'),
  AvgPool: (n: TfNode, ctx: GraphEmitter) => pool(n, ctx, 'AveragePool'),
};
