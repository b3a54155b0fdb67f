/** A clip named by id or File_ID, as the calls take it: its stored row, or clips/not-found with the fix. */
import { ViperError } from '../../shared/errors';
import { ClipsStore } from '../store/clips-store';
import type { ApiContext } from './context';

export function requireClip(ctx: ApiContext, ref: number | string): NonNullable<ReturnType<ClipsStore['get']>> {
  const clip = new ClipsStore(ctx.db).get(ref);
  if (!clip) {
    throw new ViperError('clips/not-found', `clip ${ref}: not in the database ${ctx.dbPath}. Run "npx viper list" to see the stored clips (by id or File_ID).`, { subject: 'clip' });
  }
  return clip;
}

export const resolveClipId = (ctx: ApiContext, ref: number | string): number => requireClip(ctx, ref).id;
