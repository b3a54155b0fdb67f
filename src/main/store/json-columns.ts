/**
 * The one way a JSON column (config_json, metrics_json, models_json, shape_json …) is read: JSON.parse,
 * then a zod schema, at the store boundary. A row written by an older version either still fits the
 * schema and is read, or is refused as 'store/bad-row' naming the row, the column and the field; it is
 * never cast into a type it may not have.
 */
import type { z } from 'zod';
import { ViperError } from '../../shared/errors';

/** What a JSON column failed with, in a few words: the JSON error or the first field zod refused. */
function problemOf<S extends z.ZodType>(schema: S, text: string): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const [issue] = parsed.error.issues;
  const path = issue && issue.path.length > 0 ? `field ${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${path}${issue?.message ?? 'does not fit'}` };
}

/**
 * The column's value, or a 'store/bad-row' error. `where` names the row and column ("fusion run 3,
 * config_json"); `fix` says what to do ("Train the run again with \"viper train\".").
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, where: string, fix: string): z.infer<S> {
  const result = problemOf(schema, text);
  if (result.ok) return result.value;
  throw new ViperError('store/bad-row', `${where}: ${result.problem}; this version of the app cannot read the row (another version wrote it, or it was changed by hand). ${fix}`, { subject: where });
}

/** The column's value, or null where it does not parse or fit: for readers that report a bad row in their own words. */
export function parseJsonColumnOrNull<S extends z.ZodType>(schema: S, text: string): z.infer<S> | null {
  const result = problemOf(schema, text);
  return result.ok ? result.value : null;
}
