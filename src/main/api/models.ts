/**
 * Handlers of models.list, models.build and models.verify: the default model pack in the models folder
 * ($VIPER_MODELS, else models/ at the app root). The folder is not an input, so no transport can make
 * the app write models elsewhere.
 */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { buildPack } from '../models/pack/build-pack';
import { listPack } from '../models/pack/list-pack';
import { resolveModelsDir } from '../models/pack/models-dir';
import { verifyPack } from '../models/pack/verify-pack';

export async function modelsListHandler(): Promise<ApiOutput<'models.list'>> {
  const modelsDir = resolveModelsDir();
  return { modelsDir, models: await listPack(modelsDir) };
}

export async function modelsBuildHandler(input: ApiParsedInput<'models.build'>): Promise<ApiOutput<'models.build'>> {
  const modelsDir = resolveModelsDir();
  return { modelsDir, models: await buildPack({ modelsDir, only: input.only, force: input.force }) };
}

export async function modelsVerifyHandler(input: ApiParsedInput<'models.verify'>): Promise<ApiOutput<'models.verify'>> {
  const modelsDir = resolveModelsDir();
  const models = await verifyPack({ modelsDir, only: input.only });
  return { modelsDir, models, failed: models.filter((m) => !m.ok).length };
}
