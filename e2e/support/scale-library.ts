/**
 * A library at Hume-Reaction's size for the scale test and the UI benchmark: clip rows written straight
 * into a real database (File_IDs 00001…, one transaction; no media is needed to list or open them).
 */
import { createApiContext } from '../../src/main/api/context';
import { storeClip } from '../../src/main/test-support/stored-clip';

/** Hume-Reaction's clip count. */
export const HUME_REACTION_CLIPS = 25_067;

export function seedLibrary(dbPath: string, clips: number): void {
  const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
  try {
    ctx.db.transaction(() => {
      for (let i = 1; i <= clips; i++) storeClip(ctx, String(i).padStart(5, '0'), `/videos/${i}.mp4`);
    })();
  } finally {
    ctx.close();
  }
}
