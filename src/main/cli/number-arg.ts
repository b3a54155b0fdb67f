/** The CLI's one number parser: every numeric option says what it accepts, and a refusal says it back. */
import { InvalidArgumentError } from 'commander';

export interface NumberRule {
  /** Whole numbers only (the default); false accepts decimals and exponents (1e-5). */
  integer?: boolean;
  min?: number;
  max?: number;
  /** How a refusal names what was wanted, where the bounds alone do not say it ("a port (0 picks a free one)"). */
  what?: string;
}

function describe(rule: NumberRule): string {
  if (rule.what) return rule.what;
  const kind = rule.integer === false ? 'number' : 'whole number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return `a ${kind} from ${min} to ${max}`;
  if (min === 1 && rule.integer !== false) return 'a positive whole number';
  if (min === 0) return `a ${kind}, 0 or more`;
  if (min !== undefined) return `a ${kind}, ${min} or more`;
  if (max !== undefined) return `a ${kind}, ${max} or less`;
  return `a ${kind}`;
}

/** A commander argument parser for numbers obeying `rule`; whole numbers by default. */
export function numberArg(rule: NumberRule = {}): (text: string) => number {
  const integer = rule.integer !== false;
  return (text: string): number => {
    const trimmed = text.trim();
    const value = Number(trimmed);
    const wellFormed = integer ? /^-?\d+$/.test(trimmed) : trimmed !== '' && Number.isFinite(value);
    if (!wellFormed || (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) {
      throw new InvalidArgumentError(`"${text}" is not ${describe(rule)}.`);
    }
    return value;
  };
}
