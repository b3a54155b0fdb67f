/**
 * The one way a JSON column (config_json, metrics_json, models_json, shape_json …) is read: JSON.parse,
 * then a zod schema, at the store boundary. A row written by an older version either still fits the
 * schema and is read, or is refused as 'store/bad-row' naming the row, the column and the field; it is
 * never cast into a type it may not have.
 */
import type { z } from 'zod';
import { ViperError } from '../../shared/errors';

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The value checked by the schema, or what it failed with in a few words: the first field zod refused. */
function check<S extends z.ZodType>(schema: S, json: unknown): Checked<z.infer<S>> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const [issue] = parsed.error.issues;
  const path = issue && issue.path.length > 0 ? `field ${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${path}${issue?.message ?? 'does not fit'}` };
}

function problemOf<S extends z.ZodType>(schema: S, text: string): Checked<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return check(schema, json);
}

function badRow(where: string, problem: string, fix: string): ViperError {
  return new ViperError('store/bad-row', `${where}: ${problem}; this version of the app cannot read the row (another version wrote it, or it was changed by hand). ${fix}`, { subject: where });
}

/**
 * The column's value, or a 'store/bad-row' error. `where` names the row and column ("fusion run 3,
 * config_json"); `fix` says what to do ("Train the run again with \"viper train\".").
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, where: string, fix: string): z.infer<S> {
  const result = problemOf(schema, text);
  if (result.ok) return result.value;
  throw badRow(where, result.problem, fix);
}

/**
 * Like parseJsonColumn for a part of a column the store parsed only loosely (a run's config is a JSON
 * object to the store; its layout is the fusion code's to check): the value, or a 'store/bad-row' error.
 */
export function parseStoredValue<S extends z.ZodType>(schema: S, value: unknown, where: string, fix: string): z.infer<S> {
  const result = check(schema, value);
  if (result.ok) return result.value;
  throw badRow(where, result.problem, fix);
}

/** The column's value, or null where it does not parse or fit: for readers that report a bad row in their own words. */
export function parseJsonColumnOrNull<S extends z.ZodType>(schema: S, text: string): z.infer<S> | null {
  const result = problemOf(schema, text);
  return result.ok ? result.value : null;
}
