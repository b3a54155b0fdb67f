/**
 * `viper models verify`: per model, the manifest is readable, the ONNX file is there with the recorded size
 * and sha256, and a forward pass on the self-test input gives what the build recorded. A failure is reported
 * for that model (naming the file, expected vs found, and the fix) and the others are still checked.
 */
import { readFile } from 'node:fs/promises';
import { ViperError, isViperError } from '../../../shared/errors';
import type { ModelManifest, ModelVerifyEntry } from '../../../shared/models';
import { SessionFactory, type ModelSession } from '../session';
import { selectSpecs } from './build-pack';
import type { PackModelSpec } from './default-pack';
import { REBUILD_HINT, manifestPath, onnxPath, readManifest, sha256 } from './manifest-io';
import { displayPath } from './models-dir';
import { SELF_TEST_TOLERANCE, deviation, runSelfTest } from './self-test';

const short = (hash: string): string => `${hash.slice(0, 8)}…`;

/** The file checks; returns the manifest when the files are intact. */
async function checkFiles(spec: PackModelSpec, modelsDir: string): Promise<ModelManifest> {
  const manifest = await readManifest(modelsDir, spec.id);
  const path = onnxPath(modelsDir, spec.id);
  if (!manifest) throw new ViperError('models/missing', `${displayPath(manifestPath(modelsDir, spec.id))}: model "${spec.id}" has not been built (no manifest). ${REBUILD_HINT}`, { subject: spec.id });
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new ViperError('models/missing', `${displayPath(path)}: missing (expected ${manifest.bytes} bytes, sha256 ${short(manifest.sha256)}). ${REBUILD_HINT}`, { subject: path, cause: error });
  });
  if (bytes.byteLength !== manifest.bytes) {
    throw new ViperError('models/corrupt', `${displayPath(path)}: ${bytes.byteLength < manifest.bytes ? 'truncated' : 'wrong size'} (expected ${manifest.bytes} bytes, found ${bytes.byteLength}). ${REBUILD_HINT}`, { subject: path });
  }
  const found = sha256(bytes);
  if (found !== manifest.sha256) {
    throw new ViperError('models/hash-mismatch', `${displayPath(path)}: hash mismatch (expected ${short(manifest.sha256)}, found ${short(found)}). ${REBUILD_HINT}`, { subject: path });
  }
  return manifest;
}

async function forwardPass(spec: PackModelSpec, manifest: ModelManifest, session: ModelSession): Promise<ModelVerifyEntry['outputs']> {
  const now = await runSelfTest(session, spec, manifest.inputs);
  return manifest.selfTest.outputs.map((expected) => {
    const actual = now.outputs.find((o) => o.name === expected.name);
    const path = session.modelPath;
    if (!actual || actual.shape.join('×') !== expected.shape.join('×')) {
      throw new ViperError('models/corrupt', `${displayPath(path)}: output ${expected.name} has shape ${actual ? actual.shape.join('×') : 'none'}, expected ${expected.shape.join('×')}. ${REBUILD_HINT}`, { subject: path });
    }
    const maxDeviation = deviation(expected, actual);
    if (!(maxDeviation <= SELF_TEST_TOLERANCE)) {
      throw new ViperError('models/corrupt', `${displayPath(path)}: output ${expected.name} on the self-test input differs from the build's by ${maxDeviation.toExponential(2)} (allowed ${SELF_TEST_TOLERANCE}). ${REBUILD_HINT}`, { subject: path });
    }
    return { name: expected.name, shape: actual.shape, maxDeviation };
  });
}

export async function verifyPack(options: { modelsDir: string; only?: readonly string[] }): Promise<ModelVerifyEntry[]> {
  const specs = selectSpecs(options.only);
  const sessions = new SessionFactory();
  try {
    const entries: ModelVerifyEntry[] = [];
    for (const spec of specs) {
      const started = performance.now();
      let provider: string | null = null;
      try {
        const manifest = await checkFiles(spec, options.modelsDir);
        const session = await sessions.open(onnxPath(options.modelsDir, spec.id));
        provider = session.provider;
        const outputs = await forwardPass(spec, manifest, session);
        entries.push({ id: spec.id, ok: true, outputs, provider, durationMs: performance.now() - started, error: null });
      } catch (error) {
        if (!isViperError(error)) throw error;
        entries.push({ id: spec.id, ok: false, outputs: [], provider, durationMs: performance.now() - started, error: error.toInfo() });
      }
    }
    return entries;
  } finally {
    await sessions.closeAll();
  }
}
