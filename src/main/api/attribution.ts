/** Handlers of the attribution calls: a clip's frame weights and modality contributions, a run's means. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { clipAttribution, runAttribution } from '../fusion/attribution-views';
import type { ApiContext } from './context';
import { requireClip } from './resolve-clip';

export function clipAttributionHandler(input: ApiParsedInput<'fusion.clipAttribution'>, ctx: ApiContext): ApiOutput<'fusion.clipAttribution'> {
  return clipAttribution(ctx.db, requireClip(ctx, input.clip), input.run);
}

export function runAttributionHandler(input: ApiParsedInput<'fusion.runAttribution'>, ctx: ApiContext): ApiOutput<'fusion.runAttribution'> {
  return runAttribution(ctx.db, input);
}
