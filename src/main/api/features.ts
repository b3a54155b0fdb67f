/** Handlers of the features.* calls. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { MODALITIES } from '../../shared/api';
import { exportFeatures } from '../pipeline/export/export-features';
import type { ApiContext, CallControls } from './context';

export function exportFeaturesHandler(input: ApiParsedInput<'features.export'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'features.export'>> {
  // Token order, whatever order the caller listed the parts in.
  const modalities = MODALITIES.filter((m) => input.modalities.includes(m));
  return exportFeatures(ctx.db, ctx.dbPath, { clips: input.clips, out: input.out, split: input.split, modalities }, controls.signal);
}
