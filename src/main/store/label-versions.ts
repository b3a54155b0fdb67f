/**
 * Numbers a clip's label edits by the save (version) that made them. Every save that changed something
 * added 1 to the version and wrote its edits with one author, time and source, in id order; so runs of
 * consecutive edits sharing those are saves, and the newest run is the current version. Labels stored
 * without history (older tools, synthetic sets) only shift the numbering: counting from the newest keeps
 * it right. Two saves by one author from one source within the same millisecond would read as one.
 */
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import type { LabelEdit } from '../../shared/labels-api';

export type RecordedEdit = Omit<LabelEdit, 'version'>;

export function numberEditsBySave(edits: readonly RecordedEdit[], currentVersion: number): LabelEdit[] {
  const saveOf: number[] = [];
  let saves = 0;
  edits.forEach((edit, i) => {
    const previous = edits[i - 1];
    if (!previous || previous.editedAt !== edit.editedAt || previous.editedBy !== edit.editedBy || previous.source !== edit.source) saves += 1;
    saveOf.push(saves);
  });
  const offset = Math.max(0, currentVersion - saves);
  return edits.map((edit, i) => ({ ...edit, version: (saveOf[i] ?? 0) + offset }));
}

/** Each emotion's value right after save `version`, from the history; null where no save up to it set one. */
export function valuesAtVersion(history: readonly LabelEdit[], version: number): Record<Emotion, number | null> {
  const values = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, null])) as Record<Emotion, number | null>;
  for (const edit of history) {
    if (edit.version <= version && (EMOTIONS as readonly string[]).includes(edit.emotion)) values[edit.emotion as Emotion] = edit.newValue;
  }
  return values;
}
