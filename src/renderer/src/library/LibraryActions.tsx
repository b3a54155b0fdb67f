/**
 * Import a folder (with an optional labels CSV), analyse the clips, and make playback copies of the clips
 * this browser cannot decode (HEVC, ProRes, …), showing each call's progress.
 * Paths are typed, not picked: the core reads them on this machine, and a browser page cannot learn a
 * picked file's real path.
 */
import { useState } from 'react';
import type { ProxyReport } from '../../../shared/clips-api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { ProgressBar } from '../app/ProgressBar';
import { useProgress } from '../app/use-progress';

type Action = 'import' | 'analyze' | 'proxy';

const ACTION_CALLS = { import: 'clips.import', analyze: 'clips.analyze', proxy: 'clips.makeProxy' } as const;

/** One line on the playback copies a call made (import makes them too), or '' when there was nothing to make. */
function proxiesLine(report: ProxyReport | null): string {
  if (!report || report.jobId === null) return '';
  const failed = report.failed.length ? ` (${report.failed.map((f) => f.message).join('; ')})` : '';
  return ` Playback copies: ${report.made.length} made, ${report.alreadyReady} already made, ${report.failed.length} failed${failed}.`;
}

export function LibraryActions({ onChanged }: { onChanged: () => void }) {
  const [folder, setFolder] = useState('');
  const [labelsCsv, setLabelsCsv] = useState('');
  const [running, setRunning] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<ViperError | null>(null);
  const [progress, clearProgress] = useProgress();

  async function run(kind: Action): Promise<void> {
    setRunning(kind);
    setError(null);
    setOutcome(null);
    try {
      if (kind === 'import') {
        const report = await invoke('clips.import', { paths: folder ? [folder] : [], labelsCsv: labelsCsv || undefined });
        const failed = report.failed.length + (report.labels?.failed.length ?? 0);
        const labels = report.labels;
        const kept = labels?.conflicts.length
          ? ` (kept the values edited here since the last import: ${labels.conflicts
              .slice(0, 5)
              .map((c) => `${c.fileId} ${c.emotion} ${c.appValue?.toFixed(2) ?? 'unset'}, CSV ${c.csvValue.toFixed(2)}`)
              .join('; ')}${labels.conflicts.length > 5 ? '; …' : ''})`
          : '';
        const labelsLine = labels ? ` Labels: ${labels.applied} rows applied, ${labels.unchanged} unchanged, ${labels.conflicting} conflicting${kept}, ${labels.failed.length} rejected.` : '';
        setOutcome(`Imported ${report.imported.length}, ${report.unchanged.length} already stored, ${report.relocated.length ? `${report.relocated.length} relocated (moved or changed clips found here), ` : ''}${failed} failed${failed ? ` (${[...report.failed, ...(report.labels?.failed ?? [])].map((f) => f.message).join('; ')})` : ''}.${labelsLine}${proxiesLine(report.proxies)}`);
      } else if (kind === 'proxy') {
        const report = await invoke('clips.makeProxy', {});
        setOutcome(proxiesLine(report).trim() || `Playback copies: none needed (${report.alreadyReady} already made, ${report.notNeeded} play as they are).`);
      } else {
        const report = await invoke('clips.analyze', {});
        setOutcome(`Analysed ${report.analysed.length}, ${report.skipped} up to date, ${report.failed.length} failed${report.failed.length ? ` (${report.failed.map((f) => f.message).join('; ')})` : ''}.`);
      }
      onChanged();
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setRunning(null);
      clearProgress(ACTION_CALLS[kind]);
    }
  }

  return (
    <div className="library-actions">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run('import');
        }}
      >
        <input aria-label="folder to import" placeholder="Folder or video file to import" value={folder} onChange={(event) => setFolder(event.target.value)} />
        <input aria-label="labels CSV" placeholder="Labels CSV (optional)" value={labelsCsv} onChange={(event) => setLabelsCsv(event.target.value)} />
        <button type="submit" disabled={running !== null || (!folder && !labelsCsv)}>
          Import
        </button>
        <button type="button" disabled={running !== null} onClick={() => void run('analyze')}>
          Analyse all
        </button>
        <button type="button" disabled={running !== null} onClick={() => void run('proxy')} title="H.264 copies of the clips this browser cannot decode (HEVC, ProRes, …), kept beside the database">
          Make playback copies
        </button>
      </form>
      {running === 'import' ? <ProgressBar label="Importing" event={progress['clips.import']} /> : null}
      {running === 'analyze' ? <ProgressBar label="Analysing" event={progress['clips.analyze']} /> : null}
      {running === 'proxy' ? <ProgressBar label="Making playback copies (ms of video)" event={progress['clips.makeProxy']} /> : null}
      {outcome ? <p className="outcome" role="status">{outcome}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
