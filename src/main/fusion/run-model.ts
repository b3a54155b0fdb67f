/**
 * @file The ONNX model a trained run exported, opened only when it is still the file training wrote: its
 * sha256 is checked against the one the run recorded, so a replaced or damaged file never predicts (or
 * explains a prediction) under the run's name.
 */
import { readFile } from 'node:fs/promises';
import { ViperError } from '../../shared/errors';
import { sessionFactory, type ModelSession } from '../models/session';
import type { RunRow } from '../store/runs-store';
import { sha256 } from './onnx-export';

export async function openRunModel(run: RunRow): Promise<ModelSession> {
  const path = run.onnxPath;
  if (!path) throw new ViperError('runs/not-trained', `fusion run ${run.id} has no ONNX export (state ${run.state}). Train again with "viper train".`, { subject: String(run.id) });
  const retrain = `Restore the file from a backup, or train again with "viper train --modalities ${run.modalities.join(',')}"`;
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new ViperError('models/missing', `${path}: the ONNX model of fusion run ${run.id} cannot be read (${(error as Error).message}). ${retrain}.`, { subject: path, cause: error });
  });
  if (run.onnxSha256 !== null) {
    const found = sha256(bytes);
    if (found !== run.onnxSha256) {
      throw new ViperError(
        'models/hash-mismatch',
        `${path}: not the model fusion run ${run.id} exported (sha256 expected ${run.onnxSha256.slice(0, 12)}…, found ${found.slice(0, 12)}…); it was altered or replaced since training. ${retrain}.`,
        { subject: path },
      );
    }
  }
  // The one session factory: provider choice, input checks, and the session cached for the next call.
  return sessionFactory().open(path);
}
