/**
 * Says why a clip may show no picture here and offers to make a playback copy (clips.makeProxy): either
 * the server knows from the stored codec (HEVC, ProRes, …), or the page found out itself (the video loaded
 * but has no picture size, or failed), as with a 10-bit H.264 the stored codec does not reveal.
 */
import { useState } from 'react';
import type { Playback } from '../../../shared/clips-api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { ProgressBar } from '../app/ProgressBar';
import { useProgress } from '../app/use-progress';

interface Props {
  clipId: number;
  /** The stored codec, as ffprobe names it ("hevc"), for the message. */
  videoCodec: string;
  playback: Playback;
  /** The page's own finding: loaded data with videoWidth 0, or an error event. */
  noPicture: boolean;
  /** Called once a copy is ready, to reload the clip (and so the video). */
  onMade: () => void;
}

export function PlaybackCopy({ clipId, videoCodec, playback, noPicture, onMade }: Props) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ViperError | null>(null);
  const [progress, clearProgress] = useProgress();
  const shouldOffer = playback.source === 'original' && (playback.needsProxy || noPicture);
  if (!shouldOffer && !(noPicture && playback.source === 'proxy')) return null;

  async function make(): Promise<void> {
    setRunning(true);
    setError(null);
    try {
      const report = await invoke('clips.makeProxy', { clips: [clipId], mode: 'all', force: playback.proxyState === 'failed' });
      const failure = report.failed[0];
      if (failure) setError(toViperError(failure));
      else onMade();
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setRunning(false);
      clearProgress('clips.makeProxy');
    }
  }

  const codec = videoCodec.toUpperCase();
  const why = noPicture
    ? `This browser shows no picture for this clip’s video (${codec}${playback.needsProxy ? ', a format browsers do not decode' : ': its profile is not one this browser decodes'}).`
    : `This clip’s video is ${codec}, a format browsers do not decode: you may hear the sound over a black picture.`;
  return (
    <div className="playback-copy" role="alert" aria-label="playback problem">
      {playback.source === 'proxy' ? (
        <p>The playback copy shows no picture either. Check the original plays in a video player; if it was changed or damaged, import it again.</p>
      ) : (
        <>
          <p>
            {why} A playback copy (H.264, on the same timeline, kept beside the database) plays everywhere.
            {playback.proxyState === 'failed' ? ' The last attempt failed: the original is offered meanwhile.' : ''}
          </p>
          {playback.proxyError && !error ? <p className="muted">{playback.proxyError}</p> : null}
          <button type="button" disabled={running} onClick={() => void make()}>
            Make a playback copy
          </button>
          {running ? <ProgressBar label="Making a playback copy (ms of video)" event={progress['clips.makeProxy']} /> : null}
        </>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
