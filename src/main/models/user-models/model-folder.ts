/**
 * Reads one user model folder: checks it holds what its stage needs, finds its ONNX graphs and
 * parses its config files. Nothing here opens a session, so discovery stays cheap.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ViperError } from '../../../shared/errors';
import { STAGE_LAYOUTS, type GraphNames, type UserModelStage } from './stages';

export type JsonObject = Record<string, unknown>;

export interface ModelFolder {
  /** Stable id for stored features: user/<stage>/<name>, with ":quantized" when that graph is used. */
  id: string;
  stage: UserModelStage;
  folder: string;
  /** Graph paths by role ('model', or 'vision' and 'text' for a split CLIP export). */
  graphs: Readonly<Record<string, string>>;
  /** config.json, parsed. */
  config: JsonObject;
}

export interface ReadFolderOptions {
  /** Prefer model_quantized.onnx (smaller, faster, not the paper's numbers) over model.onnx. */
  quantized?: boolean;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** A graph lives under onnx/ (transformers.js) or beside config.json (plain optimum-cli output). */
function findGraph(folder: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    for (const path of [join(folder, 'onnx', name), join(folder, name)]) if (isFile(path)) return path;
  }
  return undefined;
}

function findGraphSet(folder: string, set: GraphNames, quantized: boolean): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const [role, names] of Object.entries(set)) {
    const ordered = quantized ? [...names].reverse() : names;
    const path = findGraph(folder, ordered);
    if (path === undefined) return undefined;
    found[role] = path;
  }
  return found;
}

function describeGraphSet(set: GraphNames): string {
  return Object.values(set)
    .map((names) => `onnx/${names[0]}${names.length > 1 ? ` (or ${names.slice(1).join(', ')})` : ''}`)
    .join(' + ');
}

/** Reads and parses a JSON file; an unreadable or invalid one is 'models/bad-config' naming it. */
export async function readJsonObject(path: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ViperError('models/bad-config', `${path}: cannot be read (${(error as Error).message}). Restore it from the export.`, { subject: path, cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ViperError('models/bad-config', `${path}: not valid JSON (${(error as Error).message}). Restore it from the export, or export the model again.`, {
      subject: path,
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ViperError('models/bad-config', `${path}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}. Restore it from the export.`, { subject: path });
  }
  return value as JsonObject;
}

/** The id names the stage and folder, not the models dir, so stored features survive a moved models dir. */
function modelId(stage: UserModelStage, folder: string, quantizedGraph: boolean): string {
  const id = `user/${stage}/${basename(folder)}`;
  return quantizedGraph ? `${id}:quantized` : id;
}

export async function readModelFolder(folder: string, stage: UserModelStage, options: ReadFolderOptions = {}): Promise<ModelFolder> {
  const path = resolve(folder);
  const layout = STAGE_LAYOUTS[stage];
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new ViperError(
      'models/missing',
      `${path}: no such model folder for the ${layout.title}. Put an Optimum export there, made with: ${layout.exportCommand.replace('<folder>', path)}`,
      { subject: path },
    );
  }
  const missing = layout.files.filter((name) => !isFile(join(path, name)));
  const graphs = layout.graphSets.map((set) => findGraphSet(path, set, options.quantized ?? false)).find((set) => set !== undefined);
  if (graphs === undefined) missing.push(layout.graphSets.map(describeGraphSet).join(', or '));
  if (missing.length > 0 || graphs === undefined) {
    throw new ViperError(
      'models/incomplete-export',
      `${path}: not a complete export for the ${layout.title}: missing ${missing.join('; ')}. ` +
        `An Optimum export of this stage holds ${[...layout.files, describeGraphSet(layout.graphSets[0] ?? {})].join(', ')} ` +
        `(graphs may also sit beside config.json). Make one with: ${layout.exportCommand.replace('<folder>', path)}`,
      { subject: path },
    );
  }
  const config = await readJsonObject(join(path, 'config.json'));
  const quantizedGraph = Object.values(graphs).some((graph) => basename(graph).includes('quantized'));
  return { id: modelId(stage, path, quantizedGraph), stage, folder: path, graphs, config };
}

/** The path of one of the folder's graphs; readModelFolder guarantees the roles of the set it found. */
export function graphOf(model: ModelFolder, role: string): string {
  const path = model.graphs[role];
  if (path === undefined) throw new Error(`${model.folder}: no ${role} graph was found for the ${model.stage} stage`);
  return path;
}
