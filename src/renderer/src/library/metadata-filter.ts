/**
 * The Library's metadata filter as typed: "Country=USA, Age=25" — conditions on a labels file's extra
 * columns, answered by clips.list (summaries do not carry metadata, so it cannot filter in the page).
 */
import { INPUT_LIMITS } from '../../../shared/input-limits';

export type MetadataCondition = { key: string; value: string };

/** The conditions, or an error naming the part that is not key=value. Empty text: no conditions. */
export function parseMetadataFilter(text: string): { conditions: MetadataCondition[] } | { error: string } {
  const parts = text.split(/[,;]/).map((part) => part.trim()).filter(Boolean);
  if (parts.length > INPUT_LIMITS.metadataKeys) return { error: `at most ${INPUT_LIMITS.metadataKeys} conditions` };
  const conditions: MetadataCondition[] = [];
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at <= 0) return { error: `"${part}" is not column=value (e.g. Country=USA)` };
    conditions.push({ key: part.slice(0, at).trim(), value: part.slice(at + 1).trim() });
  }
  return { conditions };
}
