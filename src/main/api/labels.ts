/** Handlers of the labels.* calls. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { exportLabelsCsv } from '../library/export-labels';
import type { ApiContext } from './context';

export function exportHandler(input: ApiParsedInput<'labels.export'>, ctx: ApiContext): ApiOutput<'labels.export'> {
  return exportLabelsCsv(ctx.db, input);
}
