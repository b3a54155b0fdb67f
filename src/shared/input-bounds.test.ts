/**
 * Every string and list a call takes has a maximum, so that no input can make a handler work without
 * end: this walks each input schema of the contract and names any string or array left unbounded.
 * (validate.test.ts checks that oversized inputs are refused, field by field.)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiContract } from './api';

/** The parts of zod 4's schema definitions this walk reads. */
interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const hasMax = (def: Def): boolean => (def.checks ?? []).some((check) => check._zod.def.check === 'max_length');

function unbounded(schema: z.ZodType, path: string): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return hasMax(def) ? [] : [`${path}: string without a maximum length`];
    case 'array':
      return [...(hasMax(def) ? [] : [`${path}: list without a maximum length`]), ...unbounded(def.element as z.ZodType, `${path}.[]`)];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, value]) => unbounded(value, `${path}.${key}`));
    case 'union':
      return (def.options ?? []).flatMap((option, i) => unbounded(option, `${path}|${i}`));
    case 'optional':
    case 'nullable':
    case 'default':
      return unbounded(def.innerType as z.ZodType, path);
    case 'pipe':
      return unbounded(def.in as z.ZodType, path);
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
      return [];
    default:
      return [`${path}: schema type ${def.type} not checked by this test; teach it`];
  }
}

describe('the contract bounds its inputs', () => {
  it('gives every string and list of every call a maximum', () => {
    const found = Object.entries(apiContract).flatMap(([call, { input }]) => unbounded(input, call));
    expect(found).toEqual([]);
  });

  it('finds an unbounded string or list (the walk itself works)', () => {
    expect(unbounded(z.object({ a: z.string(), b: z.array(z.string().max(3)).optional() }), 'x')).toEqual(['x.a: string without a maximum length', 'x.b: list without a maximum length']);
  });
});
