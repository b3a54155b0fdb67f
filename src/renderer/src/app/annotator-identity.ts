/**
 * Who is labelling in this browser: the name is asked once and kept (localStorage), so every save is
 * credited to a person, not to whoever started `viper serve`. Also kept here: whether they label as
 * themselves (an agreement study) or as gold, and blind mode, which hides gold and the model's guesses.
 */
import { useSyncExternalStore } from 'react';
import { personNameProblem } from '../../../shared/person-name';

export interface AnnotatorIdentity {
  /** null until the person has given it. */
  name: string | null;
  /** 'gold': edit the gold labels; 'self': label as `name`, a separate annotator. */
  labelAs: 'gold' | 'self';
  blind: boolean;
}

const KEY = 'viper.annotator';
const listeners = new Set<() => void>();
let cached: AnnotatorIdentity | null = null;

function read(): AnnotatorIdentity {
  if (cached) return cached;
  let stored: Partial<AnnotatorIdentity> = {};
  try {
    stored = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Partial<AnnotatorIdentity>;
  } catch {
    // A damaged entry is asked for again rather than trusted.
  }
  const name = typeof stored.name === 'string' && personNameProblem(stored.name) === null ? stored.name.trim() : null;
  cached = { name, labelAs: stored.labelAs === 'self' && name ? 'self' : 'gold', blind: stored.blind === true && stored.labelAs === 'self' };
  return cached;
}

/** Updates and keeps the identity; a name that cannot be recorded is refused with the reason. */
export function updateIdentity(change: Partial<AnnotatorIdentity>): string | null {
  if (change.name !== undefined && change.name !== null) {
    const problem = personNameProblem(change.name);
    if (problem) return problem;
    change = { ...change, name: change.name.trim() };
  }
  const next = { ...read(), ...change };
  // Blind mode only makes sense while labelling as oneself: gold editing needs to see gold.
  if (next.labelAs === 'gold') next.blind = false;
  cached = next;
  window.localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((listener) => listener());
  return null;
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useAnnotatorIdentity(): AnnotatorIdentity {
  return useSyncExternalStore(subscribe, read);
}

/** The annotator whose labels the editor shows and saves. */
export const editedAnnotator = (identity: AnnotatorIdentity): string => (identity.labelAs === 'self' && identity.name ? identity.name : 'gold');
