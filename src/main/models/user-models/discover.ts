/**
 * Lists the user models installed under <models>/user/<stage>/<name>/, each with the problem that
 * keeps it from loading (missing files, unreadable config), without opening any session.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isViperError, ViperError, type ErrorInfo } from '../../../shared/errors';
import { readModelFolder } from './model-folder';
import { isUserModelStage, USER_MODEL_STAGES, type UserModelStage } from './stages';

export interface UserModelEntry {
  id: string;
  stage: UserModelStage;
  name: string;
  folder: string;
  /** Why the folder cannot be loaded; null when it holds a complete export. */
  problem: ErrorInfo | null;
}

export interface UserModelListing {
  /** By stage in pipeline order (image, clip, text, audio), then by name. */
  models: UserModelEntry[];
  /** Folders under user/ that are not a stage folder, so nothing in them is found. */
  strays: ErrorInfo[];
}

/** Sub-folders, sorted; hidden ones (.DS_Store, .cache) are not models. */
async function subfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
}

export async function discoverUserModels(modelsDir: string): Promise<UserModelListing> {
  const userDir = join(resolve(modelsDir), 'user');
  if (!existsSync(userDir)) return { models: [], strays: [] };
  const stageFolders = await subfolders(userDir);
  const strays = stageFolders
    .filter((name) => !isUserModelStage(name))
    .map((name) => {
      const folder = join(userDir, name);
      return new ViperError(
        'models/incomplete-export',
        `${folder}: not a stage folder, so the models in it are not found. Move them into user/${USER_MODEL_STAGES.join(', user/')} by what they do.`,
        { subject: folder },
      ).toInfo();
    });

  const models: UserModelEntry[] = [];
  for (const stage of USER_MODEL_STAGES) {
    if (!stageFolders.includes(stage)) continue;
    for (const name of await subfolders(join(userDir, stage))) {
      const folder = join(userDir, stage, name);
      try {
        const model = await readModelFolder(folder, stage);
        models.push({ id: model.id, stage, name, folder, problem: null });
      } catch (error) {
        if (!isViperError(error)) throw error;
        models.push({ id: `user/${stage}/${name}`, stage, name, folder, problem: error.toInfo() });
      }
    }
  }
  return { models, strays };
}
