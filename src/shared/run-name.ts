/**
 * A fusion run's name: what the user called it, else a default made from what tells runs apart — its
 * modalities, its preset (the prior: that it is the prior) and when it was made (UTC, the same in the CLI and the page). Plain
 * functions without zod, so the page can show the default before the user clears a name.
 */
import { NO_CONTROL_CHARACTERS } from './person-name';

/** Longer than a person's name: "image+audio+text+fau · paper · 2026-12-06 10:41 UTC" is 52. */
export const RUN_NAME_MAX_CHARS = 120;

export interface RunNameParts {
  kind: 'perceiver' | 'prior';
  modalities: readonly string[];
  /** The preset trained ('compact', 'paper'); ignored for the prior. */
  preset: string | null;
  /** ISO time the run was made. */
  createdAt: string;
}

export function defaultRunName(run: RunNameParts): string {
  const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(run.createdAt) ? `${run.createdAt.slice(0, 10)} ${run.createdAt.slice(11, 16)} UTC` : run.createdAt;
  // The prior says what it is outright: nobody should read its Pearson as a trained model's.
  if (run.kind === 'prior') return `prior (untrained FAU mapping) · ${time}`;
  return `${run.modalities.join('+') || 'no modality'} · ${run.preset ?? 'perceiver'} · ${time}`;
}

/** Why `name` cannot be a run's name, or null when it can (after trimming; empty means "the default"). */
export function runNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length > RUN_NAME_MAX_CHARS) return `a run name has at most ${RUN_NAME_MAX_CHARS} characters`;
  if (trimmed !== '' && !NO_CONTROL_CHARACTERS.test(trimmed)) return 'a run name may not contain control characters (tabs, line breaks, escapes)';
  return null;
}
