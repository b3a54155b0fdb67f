/**
 * The relocate action of a clip whose file moved or changed: import the file from where it is now. The
 * same content (content hash) moves the clip there, keeping its id, labels and analysis; the same as
 * "npx viper import <new path>".
 */
import { useState } from 'react';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';
import { ErrorNotice } from '../ErrorNotice';

export function RelocateClip({ clipId, onRelocated }: { clipId: number; onRelocated: () => void }) {
  const [path, setPath] = useState('');
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<ViperError | null>(null);

  async function relocate(): Promise<void> {
    setRunning(true);
    setError(null);
    setOutcome(null);
    try {
      const report = await invoke('clips.import', { paths: [path] });
      if (report.relocated.some((item) => item.clipId === clipId)) return onRelocated();
      const failure = report.failed[0];
      // Another video, or this clip's own file still in place: say what the import did instead.
      if (failure) setOutcome(failure.message);
      else if (report.imported.length > 0) setOutcome(`${path} is another video (its content differs from this clip's): it was imported as a new clip, and this one is still moved or changed.`);
      else setOutcome(`${path} did not relocate this clip: its content is not this clip's video.`);
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setRunning(false);
    }
  }

  return (
    <form
      className="relocate"
      onSubmit={(event) => {
        event.preventDefault();
        void relocate();
      }}
    >
      <input aria-label="new location of the clip's video" placeholder="Where the video is now (file path)" value={path} onChange={(event) => setPath(event.target.value)} />
      <button type="submit" disabled={running || path === ''}>
        Relocate
      </button>
      {outcome ? <p className="outcome" role="status">{outcome}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
