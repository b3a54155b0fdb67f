/** Handlers of the clips.* calls. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { importClips } from '../library/import-clips';
import { ClipsStore } from '../store/clips-store';
import type { ApiContext, CallControls } from './context';

export function importHandler(input: ApiParsedInput<'clips.import'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.import'>> {
  return importClips(
    { paths: input.paths, labelsCsv: input.labelsCsv, annotator: input.annotator, sampling: input.sampling },
    { db: ctx.db, tools: ctx.tools, actor: ctx.actor, now: ctx.now, signal: controls.signal, onProgress: controls.onProgress },
  );
}

export function listHandler(input: ApiParsedInput<'clips.list'>, ctx: ApiContext): ApiOutput<'clips.list'> {
  return new ClipsStore(ctx.db).list(input);
}

export function getHandler(input: ApiParsedInput<'clips.get'>, ctx: ApiContext): ApiOutput<'clips.get'> {
  const clips = new ClipsStore(ctx.db);
  const clip = clips.get(input.clip);
  if (!clip) {
    throw new ViperError('clips/not-found', `clip ${input.clip}: not in the database ${ctx.dbPath}. Run "npx viper list" to see the stored clips (by id or File_ID).`, { subject: 'clip' });
  }
  return { ...clip, samples: clips.samples(clip.id) };
}
