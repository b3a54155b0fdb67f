/** Handlers of the Analysis screen's calls: a run's evaluation with its points and cells, annotator agreement. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { annotatorAgreement } from '../fusion/annotator-agreement';
import { analyseRun } from '../fusion/run-analysis';
import type { ApiContext } from './context';

export function summaryHandler(input: ApiParsedInput<'evaluation.summary'>, ctx: ApiContext): ApiOutput<'evaluation.summary'> {
  return analyseRun(ctx.db, input);
}

export function agreementHandler(input: ApiParsedInput<'annotators.agreement'>, ctx: ApiContext): ApiOutput<'annotators.agreement'> {
  return annotatorAgreement(ctx.db, input);
}
