/**
 * The TF.js graph-model format as written by tensorflowjs_converter: model.json (a GraphDef as JSON plus
 * a weights manifest and an optional signature) and its binary weight shards. Only what the converter reads
 * is typed here; unknown fields pass through untouched.
 */
import { ViperError } from '../../../shared/errors';

/** One attribute of a GraphDef node, as protobuf's JSON mapping writes it (int64 values are strings). */
export interface TfAttrValue {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: TfShape;
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
  tensor?: { dtype?: string; tensorShape?: TfShape };
}

export interface TfShape {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}

export type TfWeightDtype = 'float32' | 'int32' | 'bool' | 'string' | 'complex64';

export interface TfWeightSpec {
  name: string;
  shape: number[];
  dtype: TfWeightDtype;
  /** Present when the stored values are not the dtype: float16, or uint8 / uint16 affine (value = q·scale + min). */
  quantization?: { dtype: 'float16' | 'uint8' | 'uint16'; scale?: number; min?: number; original_dtype?: string };
}

export interface TfWeightGroup {
  paths: string[];
  weights: TfWeightSpec[];
}

/** A signature entry maps a public key to a tensor name such as "Identity:0". */
export interface TfSignatureEntry {
  name: string;
  dtype?: string;
  tensorShape?: TfShape;
}

export interface TfSignature {
  inputs?: Record<string, TfSignatureEntry>;
  outputs?: Record<string, TfSignatureEntry>;
}

export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: TfSignature;
  userDefinedMetadata?: { signature?: TfSignature };
  modelTopology: { node: TfNode[]; library?: { function?: unknown[] }; versions?: Record<string, unknown> };
  weightsManifest: TfWeightGroup[];
}

function corrupt(path: string, what: string): ViperError {
  return new ViperError('models/corrupt', `${path}: not a TF.js graph model (${what}).`, { subject: path });
}

/** Parses and checks the parts of model.json the converter relies on; `path` names the file in errors. */
export function parseModelJson(text: string, path: string): TfjsModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ViperError('models/corrupt', `${path}: not valid JSON (${(error as Error).message}).`, { subject: path, cause: error });
  }
  const model = json as Partial<TfjsModelJson> | null;
  if (typeof model !== 'object' || model === null) throw corrupt(path, 'the file is not a JSON object');
  if (model.format !== undefined && model.format !== 'graph-model') throw corrupt(path, `format is "${String(model.format)}", expected "graph-model"`);
  if (!Array.isArray(model.modelTopology?.node)) throw corrupt(path, 'modelTopology.node is missing');
  if (!Array.isArray(model.weightsManifest)) throw corrupt(path, 'weightsManifest is missing');
  // Control flow (While/If bodies) lives in function definitions, which the converter does not translate.
  if ((model.modelTopology.library?.function?.length ?? 0) > 0) throw corrupt(path, 'it uses graph functions (control flow), which the converter does not support');
  return model as TfjsModelJson;
}

/** The signature TF.js itself uses: the top-level one, else the one kept in userDefinedMetadata. */
export function signatureOf(model: TfjsModelJson): TfSignature {
  return model.signature ?? model.userDefinedMetadata?.signature ?? {};
}

/** Splits a tensor reference "node:1" into the node name and output index; a control input starts with '^'. */
export function parseTensorRef(ref: string): { node: string; index: number; control: boolean } {
  const control = ref.startsWith('^');
  const body = control ? ref.slice(1) : ref;
  const match = /^(.*):(\d+)$/.exec(body);
  return match ? { node: match[1] ?? body, index: Number(match[2]), control } : { node: body, index: 0, control };
}
