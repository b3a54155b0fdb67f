/** Continues an interrupted or cancelled job from the page: the same call it ran, with the inputs it recorded. */
import type { ResumeHint } from '../../../shared/job-schemas';
import { invoke } from '../api';

/** Resolves when the resumed job has finished (or was cancelled); rejects with the call's error. */
export async function resumeJob(hint: ResumeHint): Promise<void> {
  switch (hint.call) {
    case 'clips.import':
      await invoke('clips.import', hint.input);
      return;
    case 'clips.analyze':
      await invoke('clips.analyze', hint.input);
      return;
    case 'clips.makeProxy':
      await invoke('clips.makeProxy', hint.input);
      return;
    case 'fusion.train':
      await invoke('fusion.train', hint.input);
      return;
  }
}
