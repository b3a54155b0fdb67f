/**
 * What an option's help says about its value, read from the contract's zod schema instead of restated:
 * the `.default()` and the allowed values of an enum (or of a list's elements).
 */
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

/** The schema under default / optional / nullable wrappers, and the default found on the way. */
function unwrap(schema: AnySchema): { inner: AnySchema; defaultValue?: unknown } {
  let inner = schema;
  let defaultValue: unknown;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: AnySchema; defaultValue?: unknown };
    if (def.type === 'default' && defaultValue === undefined) defaultValue = def.defaultValue;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) inner = def.innerType;
    else return defaultValue === undefined ? { inner } : { inner, defaultValue };
  }
}

/** The field at a dotted path ("sampling.frameCount") of an object schema; throws naming the path when absent. */
export function schemaField(schema: AnySchema, path: string): AnySchema {
  let current = schema;
  for (const key of path.split('.')) {
    const { inner } = unwrap(current);
    const shape = (inner._zod.def as { shape?: Record<string, AnySchema> }).shape;
    const next = shape?.[key];
    if (!next) throw new Error(`CLI option help: the schema has no field "${path}" (at "${key}").`);
    current = next;
  }
  return current;
}

/** The values an enum (or a list of enum values, or a union of enums and literals) allows; null when free. */
export function schemaChoices(schema: AnySchema): readonly string[] | null {
  const { inner } = unwrap(schema);
  const def = inner._zod.def as { type: string; entries?: Record<string, string>; values?: unknown[]; element?: AnySchema; options?: AnySchema[] };
  if (def.type === 'enum' && def.entries) return Object.values(def.entries);
  if (def.type === 'literal' && def.values) return def.values.map(String);
  if (def.type === 'array' && def.element) return schemaChoices(def.element);
  if (def.type === 'union' && def.options) {
    const parts = def.options.map(schemaChoices);
    return parts.every((part) => part !== null) ? parts.flat() : null;
  }
  return null;
}

export function schemaDefault(schema: AnySchema): unknown {
  return unwrap(schema).defaultValue;
}

/** " (one of: a, b; default: a)" for an option's help, or '' when the schema says neither. */
export function schemaHelpSuffix(schema: AnySchema): string {
  const choices = schemaChoices(schema);
  const fallback = schemaDefault(schema);
  const parts: string[] = [];
  if (choices) parts.push(`one of: ${choices.join(', ')}`);
  if (fallback !== undefined) parts.push(`default: ${Array.isArray(fallback) ? fallback.join(',') : String(fallback)}`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
