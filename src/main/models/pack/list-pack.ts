/**
 * `viper models list`: each default-pack model with its status, read from the manifests and file sizes
 * only (no hashing: `models verify` does that), so it is instant.
 */
import { stat } from 'node:fs/promises';
import { isViperError } from '../../../shared/errors';
import type { ModelListEntry } from '../../../shared/models';
import { CONVERTER_VERSION } from '../tfjs-convert/convert';
import { specHash } from './build-pack';
import { DEFAULT_PACK, type PackModelSpec } from './default-pack';
import { REBUILD_HINT, onnxPath, readManifest } from './manifest-io';
import { displayPath } from './models-dir';
import { packageVersion } from './sources';

async function statusOf(spec: PackModelSpec, modelsDir: string): Promise<Pick<ModelListEntry, 'status' | 'detail' | 'manifest'>> {
  let manifest;
  try {
    manifest = await readManifest(modelsDir, spec.id);
  } catch (error) {
    if (!isViperError(error)) throw error;
    return { status: 'damaged', detail: error.message, manifest: null };
  }
  if (!manifest) return { status: 'missing', detail: `not built. ${REBUILD_HINT}`, manifest: null };
  const path = onnxPath(modelsDir, spec.id);
  const size = await stat(path).then((info) => info.size, () => null);
  if (size === null) return { status: 'damaged', detail: `${displayPath(path)} is missing. ${REBUILD_HINT}`, manifest };
  if (size !== manifest.bytes) return { status: 'damaged', detail: `${displayPath(path)} has ${size} bytes, the manifest says ${manifest.bytes}. ${REBUILD_HINT}`, manifest };
  const installed = packageVersion(spec.source.npmPackage);
  if (manifest.provenance.npmVersion !== installed) {
    return { status: 'stale', detail: `built from ${spec.source.npmPackage}@${manifest.provenance.npmVersion}, ${installed} is installed. ${REBUILD_HINT}`, manifest };
  }
  if (manifest.converterVersion !== CONVERTER_VERSION || manifest.specSha256 !== specHash(spec)) {
    return { status: 'stale', detail: `built by an older version of the converter or pack definition. ${REBUILD_HINT}`, manifest };
  }
  return { status: 'ready', detail: null, manifest };
}

export async function listPack(modelsDir: string): Promise<ModelListEntry[]> {
  return Promise.all(
    DEFAULT_PACK.map(async (spec) => ({
      id: spec.id,
      stage: spec.stage,
      description: spec.description,
      licence: spec.licence,
      source: `${spec.source.npmPackage}/${spec.source.file}`,
      ...(await statusOf(spec, modelsDir)),
    })),
  );
}
