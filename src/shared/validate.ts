import { apiContract, type ApiCall, type ApiParsedInput } from './api';
import { ViperError } from './errors';

/**
 * Parses a call's raw input with its schema. A failure becomes `api/invalid-input` naming the first
 * offending field, so every transport reports bad input the same way.
 */
export function parseApiInput<K extends ApiCall>(call: K, raw: unknown): ApiParsedInput<K> {
  const result = apiContract[call].input.safeParse(raw ?? {});
  if (result.success) return result.data as ApiParsedInput<K>;
  const issues = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(input)';
    return `${field}: ${issue.message}`;
  });
  const firstField = result.error.issues[0]?.path.join('.') || '(input)';
  throw new ViperError('api/invalid-input', `${call}: invalid input — ${issues.join('; ')}`, {
    subject: firstField,
  });
}
