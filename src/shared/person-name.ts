/**
 * What a recorded name (an annotator, the author of an edit) may be, in one place for the contract's
 * schema and the page's name prompt: trimmed, 1–NAME_MAX_CHARS characters, no control characters (they
 * would corrupt the CSV export and the terminal).
 */
import { INPUT_LIMITS } from './input-limits';

export const NAME_MAX_CHARS = INPUT_LIMITS.nameChars;
export const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]+$/u;

/** Why `name` cannot be recorded, or null when it can (after trimming). */
export function personNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'a name is needed';
  if (trimmed.length > NAME_MAX_CHARS) return `a name has at most ${NAME_MAX_CHARS} characters`;
  if (!NO_CONTROL_CHARACTERS.test(trimmed)) return 'a name may not contain control characters (tabs, line breaks, escapes)';
  return null;
}
