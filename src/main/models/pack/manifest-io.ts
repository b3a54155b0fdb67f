/** Reading and writing a pack model's files: manifests (validated), content hashes, atomic writes. */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ViperError } from '../../../shared/errors';
import { MANIFEST_VERSION, modelManifestSchema, type ModelManifest } from '../../../shared/models';
import { displayPath } from './models-dir';

export const REBUILD_HINT = 'Run "npx viper models build" to rebuild the default pack.';

export const manifestPath = (modelsDir: string, id: string): string => join(modelsDir, `${id}.json`);
export const onnxPath = (modelsDir: string, id: string): string => join(modelsDir, `${id}.onnx`);

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest of model `id`, or null when there is none; a manifest that does not parse is 'models/corrupt'. */
export async function readManifest(modelsDir: string, id: string): Promise<ModelManifest | null> {
  const path = manifestPath(modelsDir, id);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ViperError('models/corrupt', `${displayPath(path)}: cannot read the manifest (${(error as Error).message}). ${REBUILD_HINT}`, { subject: path, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ViperError('models/corrupt', `${displayPath(path)}: the manifest is not valid JSON. ${REBUILD_HINT}`, { subject: path, cause: error });
  }
  if ((json as { manifestVersion?: unknown } | null)?.manifestVersion !== MANIFEST_VERSION) {
    throw new ViperError('models/corrupt', `${displayPath(path)}: manifest version ${String((json as { manifestVersion?: unknown } | null)?.manifestVersion)}, expected ${MANIFEST_VERSION}. ${REBUILD_HINT}`, { subject: path });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ViperError('models/corrupt', `${displayPath(path)}: the manifest is malformed at ${issue?.path.join('.') || '(root)'} (${issue?.message ?? 'invalid'}). ${REBUILD_HINT}`, { subject: path });
  }
  return parsed.data;
}

/** Writes beside the target, then renames: a reader never sees half a file, even if the build is killed. */
export async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
