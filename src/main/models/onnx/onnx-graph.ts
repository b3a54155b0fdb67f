/**
 * A small ONNX graph builder over onnx-proto's protobuf classes: nodes, typed attributes, initializers
 * from typed arrays, value infos with fixed or symbolic dims, and a serialised model (opset 17, IR 8).
 * Used by the TF.js converter and by tests that make tiny real models. The API is shared: keep it stable.
 */
import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS without static export names, so Node's ESM loader exposes only `default`.
export const { onnx } = onnxProto;

export type { proto };

export const OPSET_VERSION = 17;
export const IR_VERSION = 8;

/** Element types by onnxruntime-node's names, so manifests and session checks speak one language. */
export type ElemType = 'float32' | 'float16' | 'int32' | 'int64' | 'int8' | 'uint8' | 'bool';

const DATA_TYPES: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

export function dataTypeOf(elemType: ElemType): number {
  return DATA_TYPES[elemType];
}

/** A dimension: a fixed size, a symbolic name (e.g. 'batch'), or null for unknown and unnamed. */
export type Dim = number | string | null;

/** An attribute value tagged with its ONNX type: a plain number cannot say whether 1 is INT or FLOAT. */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: proto.ITensorProto };

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attribute => ({ kind: 'floats', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  tensor: (value: proto.ITensorProto): Attribute => ({ kind: 'tensor', value }),
};

function attributeProto(name: string, attribute: Attribute): proto.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (attribute.kind) {
    case 'int':
      return { name, type: T.INT, i: attribute.value };
    case 'float':
      return { name, type: T.FLOAT, f: attribute.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...attribute.value] };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...attribute.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(attribute.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: attribute.value };
  }
}

/** One node; `name` defaults to the first output's name, which is unique in a well-formed graph. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Readonly<Record<string, Attribute>> = {},
  name?: string,
): proto.INodeProto {
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    name: name ?? outputs[0] ?? opType,
    attribute: Object.entries(attributes).map(([key, value]) => attributeProto(key, value)),
  };
}

export type InitializerData = Float32Array | Int32Array | BigInt64Array | Uint8Array;

function elemTypeOfData(data: InitializerData): ElemType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

/**
 * A constant tensor. The bytes go in raw_data, which ONNX defines as little-endian: the typed array's
 * own bytes on every platform Node ships for. `dims` defaults to a 1-D tensor of the data's length.
 */
export function initializer(name: string, data: InitializerData, dims: readonly number[] = [data.length]): proto.ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`initializer ${name}: dims [${dims.join(', ')}] hold ${count} values, data has ${data.length}`);
  return {
    name,
    dims: [...dims],
    dataType: dataTypeOf(elemTypeOfData(data)),
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** An int64 1-D constant, the type ONNX wants for shapes, axes, pads and slice bounds. */
export function int64Initializer(name: string, values: readonly number[]): proto.ITensorProto {
  return initializer(name, BigInt64Array.from(values, (v) => BigInt(v)));
}

/** A graph input or output: its name, element type and shape (null: shape unknown, not even the rank). */
export function valueInfo(name: string, elemType: ElemType, dims: readonly Dim[] | null): proto.IValueInfoProto {
  const shape = dims === null ? undefined : { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : d === null ? {} : { dimParam: d })) };
  return { name, type: { tensorType: { elemType: dataTypeOf(elemType), ...(shape ? { shape } : {}) } } };
}

export interface ModelSpec {
  graphName: string;
  nodes: readonly proto.INodeProto[];
  inputs: readonly proto.IValueInfoProto[];
  outputs: readonly proto.IValueInfoProto[];
  initializers?: readonly proto.ITensorProto[];
  docString?: string;
  producerVersion?: string;
  /** Free-form key/value pairs stored in the model (provenance, converter version). */
  metadata?: Readonly<Record<string, string>>;
}

/** Serialises the graph as an ONNX model (default domain, opset 17, IR version 8). */
export function buildModel(spec: ModelSpec): Uint8Array {
  const model: proto.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'viper-workstation',
    producerVersion: spec.producerVersion ?? '',
    docString: spec.docString ?? '',
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName,
      node: [...spec.nodes],
      input: [...spec.inputs],
      output: [...spec.outputs],
      initializer: [...(spec.initializers ?? [])],
    },
  };
  const error = onnx.ModelProto.verify(model);
  if (error) throw new Error(`ONNX model ${spec.graphName} is malformed: ${error}`);
  return onnx.ModelProto.encode(model).finish();
}

/** Parses serialised ONNX bytes, e.g. to inspect what buildModel wrote. */
export function parseModel(bytes: Uint8Array): proto.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
