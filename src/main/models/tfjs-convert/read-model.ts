/** Loads a TF.js graph model from disk: model.json and the weight shards it lists, decoded. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ViperError } from '../../../shared/errors';
import { parseModelJson, type TfjsModelJson } from './model-json';
import { decodeWeights, type DecodedWeight } from './weights';

export interface TfjsModel {
  /** model.json's path, as given. */
  path: string;
  json: TfjsModelJson;
  weights: Map<string, DecodedWeight>;
  /** model.json and every shard with their bytes, in manifest order (what a content hash covers). */
  sources: { path: string; bytes: Uint8Array }[];
}

async function readSource(path: string, role: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ViperError('models/missing', `${path}: the ${role} is missing.`, { subject: path, cause: error });
    throw new ViperError('models/corrupt', `${path}: the ${role} cannot be read (${(error as Error).message}).`, { subject: path, cause: error });
  }
}

export async function readTfjsModel(jsonPath: string): Promise<TfjsModel> {
  const jsonBytes = await readSource(jsonPath, 'TF.js model.json');
  const json = parseModelJson(new TextDecoder().decode(jsonBytes), jsonPath);
  const sources = [{ path: jsonPath, bytes: jsonBytes }];
  const shards = new Map<string, Uint8Array>();
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    const full = join(dirname(jsonPath), path);
    const bytes = await readSource(full, `weight shard of ${jsonPath}`);
    shards.set(path, bytes);
    sources.push({ path: full, bytes });
  }
  return { path: jsonPath, json, weights: decodeWeights(json.weightsManifest, shards, jsonPath), sources };
}
