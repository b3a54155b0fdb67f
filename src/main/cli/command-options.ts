/**
 * The typed pieces of a command definition: options and arguments whose value types reach the
 * definition's toInput, and whose help shows the contract's default and allowed values (schema-help.ts).
 */
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { numberArg, type NumberRule } from './number-arg';

type AnySchema = z.core.$ZodType;

/** Where an option's help finds its default and choices: a dotted path in the call's input, or a schema. */
export type FieldRef = string | AnySchema;

export interface OptionSpec<T> {
  readonly flags: string;
  readonly description: string;
  /** Commander's argument parser: the text given and the value so far (for repeatable options). */
  readonly parse?: (text: string, previous: unknown) => unknown;
  readonly field?: FieldRef;
  readonly required?: boolean;
  /** Only carries T to the definition's toInput; never set. */
  readonly valueType?: T;
}

export interface ArgumentSpec<T> {
  /** Commander's form: <name>, [name], [name...]. */
  readonly name: string;
  readonly description: string;
  readonly valueType?: T;
}

export type OptionSpecs = Record<string, OptionSpec<unknown>>;
export type ArgumentSpecs = Record<string, ArgumentSpec<unknown>>;
/** The values a command's options or arguments parse to, by key. */
export type ValuesOf<S> = { [K in keyof S]: S[K] extends OptionSpec<infer T> | ArgumentSpec<infer T> ? T : never };

/** `--force`: true when given. */
export const flag = (flags: string, description: string): OptionSpec<boolean | undefined> => ({ flags, description });

/** `--no-desktop`: true unless given. */
export const negatable = (flags: string, description: string): OptionSpec<boolean> => ({ flags, description });

export const text = (flags: string, description: string, field?: FieldRef): OptionSpec<string | undefined> => ({ flags, description, ...(field ? { field } : {}) });

export const requiredText = (flags: string, description: string, field?: FieldRef): OptionSpec<string> => ({ flags, description, required: true, ...(field ? { field } : {}) });

export const numberOption = (flags: string, description: string, rule: NumberRule, field?: FieldRef): OptionSpec<number | undefined> => ({
  flags,
  description,
  parse: numberArg(rule),
  ...(field ? { field } : {}),
});

/** A comma-separated list, each item checked against `allowed` (the contract's enum). */
export function listOption<T extends string>(flags: string, description: string, allowed: readonly T[], field?: FieldRef): OptionSpec<T[] | undefined> {
  const parse = (value: string): T[] => {
    const names = value.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (unknown.length > 0 || names.length === 0) throw new InvalidArgumentError(`"${value}": give a comma-separated list of ${allowed.join(', ')}.`);
    return names as T[];
  };
  return { flags, description, parse, ...(field ? { field } : {}) };
}

/** `--labels a.csv --labels b.csv`: every value given, in order. */
export const repeatable = (flags: string, description: string, field?: FieldRef): OptionSpec<string[] | undefined> => ({
  flags,
  description,
  parse: (value, previous) => [...(Array.isArray(previous) ? (previous as string[]) : []), value],
  ...(field ? { field } : {}),
});

/** One of the contract's enum values; a refusal names the contract field, as the API's own check would. */
export function choiceOption<T extends string>(flags: string, description: string, allowed: readonly T[], field?: FieldRef): OptionSpec<T | undefined> {
  const parse = (value: string): T => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`"${value}" is not one of ${allowed.join(', ')}${typeof field === 'string' ? ` (${field})` : ''}.`);
  };
  return { flags, description, parse, ...(field ? { field } : {}) };
}

/** `[clips...]`: every remaining word. */
export const variadic = (name: `[${string}...]`, description: string): ArgumentSpec<string[]> => ({ name, description });

/** `<clip>`: one word the command needs. */
export const requiredArgument = (name: `<${string}>`, description: string): ArgumentSpec<string> => ({ name, description });
