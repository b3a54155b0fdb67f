/** Handler of `labels.lint`: doubtful gold labels, read-only (src/main/fusion/lint/). */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { lintLabels } from '../fusion/lint/label-lint';
import type { ApiContext } from './context';

export function lintHandler(input: ApiParsedInput<'labels.lint'>, ctx: ApiContext): ApiOutput<'labels.lint'> {
  return lintLabels(ctx.db, input);
}
