/** Per-clip metadata from a labels file's extra columns (Age, Country, …): key/value rows, never labels. */
import type { Db } from './database';
import { sql } from './statements';

export class ClipMetadataStore {
  constructor(private readonly db: Db) {}

  get(clipId: number): Record<string, string> {
    const rows = sql(this.db, 'SELECT key, value FROM clip_metadata WHERE clip_id = ? ORDER BY key').all(clipId) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /** Makes the clip's metadata exactly `metadata`; true when anything changed. Call inside the caller's transaction. */
  replace(clipId: number, metadata: Record<string, string>): boolean {
    const current = this.get(clipId);
    const keys = new Set([...Object.keys(current), ...Object.keys(metadata)]);
    if ([...keys].every((key) => current[key] === metadata[key])) return false;
    sql(this.db, 'DELETE FROM clip_metadata WHERE clip_id = ?').run(clipId);
    const insert = sql(this.db, 'INSERT INTO clip_metadata (clip_id, key, value) VALUES (?, ?, ?)');
    for (const [key, value] of Object.entries(metadata)) insert.run(clipId, key, value);
    return true;
  }
}

/**
 * The WHERE terms for clips.list's metadata filter: every key given must hold the value given, both
 * compared without case (Country=usa finds USA). `c` is the clips table's alias.
 */
export function metadataFilterSql(filter: readonly { key: string; value: string }[], params: Record<string, unknown>): string[] {
  return filter.map(({ key, value }, i) => {
    params[`metaKey${i}`] = key;
    params[`metaValue${i}`] = value;
    return `EXISTS (SELECT 1 FROM clip_metadata m WHERE m.clip_id = c.id AND m.key = @metaKey${i} COLLATE NOCASE AND m.value = @metaValue${i} COLLATE NOCASE)`;
  });
}
