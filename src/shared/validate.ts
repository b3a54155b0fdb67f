import { apiContract, type ApiCall, type ApiParsedInput } from './api';
import { ViperError } from './errors';

/** Issues spelled out in the message; an input with thousands of bad items gets a count for the rest. */
const MAX_ISSUES_SHOWN = 5;

/**
 * Parses a call's raw input with its schema. A failure becomes `api/invalid-input` naming the first
 * offending field, so every transport reports bad input the same way.
 */
export function parseApiInput<K extends ApiCall>(call: K, raw: unknown): ApiParsedInput<K> {
  const result = apiContract[call].input.safeParse(raw ?? {});
  if (result.success) return result.data as ApiParsedInput<K>;
  const { issues } = result.error;
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(input)';
    return `${field}: ${issue.message}`;
  });
  if (issues.length > MAX_ISSUES_SHOWN) shown.push(`and ${issues.length - MAX_ISSUES_SHOWN} more`);
  const firstField = issues[0]?.path.join('.') || '(input)';
  throw new ViperError('api/invalid-input', `${call}: invalid input — ${shown.join('; ')}`, {
    subject: firstField,
  });
}
