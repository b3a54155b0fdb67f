/**
 * A file's identity: size, modification time, device and inode, as one stat gives them. While all four
 * are what they were when a clip was imported, the file is taken to be the one imported without reading
 * it; when any differs, only its content hash can tell (media/clip-file.ts).
 */
import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FileIdentity } from '../store/clip-files-store';

export type { FileIdentity } from '../store/clip-files-store';

/** From a bigint stat, so that dev and ino are exact. */
export function identityOf(stats: BigIntStats): FileIdentity {
  return { sizeBytes: Number(stats.size), mtimeMs: Number(stats.mtimeNs) / 1e6, dev: String(stats.dev), ino: String(stats.ino) };
}

export async function readIdentity(path: string): Promise<FileIdentity> {
  return identityOf(await stat(path, { bigint: true }));
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.dev === b.dev && a.ino === b.ino;
}
