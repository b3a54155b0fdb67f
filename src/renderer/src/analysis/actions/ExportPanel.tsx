/**
 * Export: gold labels, the shown run's predictions (the challenge's CSV) and the features (.npy arrays with
 * their index, in one tar) — a download in the browser, a save dialog in the desktop app. Each is a recorded job.
 */
import { useState } from 'react';
import type { ApiOutput } from '../../../../shared/api';
import { SPLITS, type Split } from '../../../../shared/emotions';
import type { ViperError } from '../../../../shared/errors';
import { ErrorNotice } from '../../ErrorNotice';
import { toViperError } from '../../api';
import type { RunInfo } from '../run-label';
import { exportTo, type ExportRequest } from './export-target';

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

export function ExportPanel({ run }: { run: RunInfo | undefined }) {
  const [split, setSplit] = useState<Split | ''>('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ViperError | null>(null);
  const [done, setDone] = useState<ApiOutput<'exports.create'> | null>(null);
  const splitPart = split === '' ? {} : { split };
  const suffix = split === '' ? '' : `-${split}`;

  async function start(label: string, request: ExportRequest, suggestedName: string): Promise<void> {
    setBusy(label);
    setError(null);
    setDone(null);
    try {
      setDone(await exportTo(request, suggestedName));
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="action-panel" aria-label="export">
      <h4>Export</h4>
      <p>
        <label>
          clips of{' '}
          <select aria-label="export split" value={split} onChange={(event) => setSplit(event.target.value as Split | '')}>
            <option value="">every split</option>
            {SPLITS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>{' '}
        <button type="button" disabled={busy !== null} onClick={() => void start('labels', { what: 'labels', ...splitPart }, `labels-gold${suffix}.csv`)}>
          Export labels (CSV)
        </button>{' '}
        <button type="button" disabled={busy !== null || !run} onClick={() => void start('predictions', { what: 'predictions', run: run?.id, ...splitPart }, `predictions-run-${run?.id ?? ''}${suffix}.csv`)}>
          Export predictions{run ? ` of run ${run.id}` : ''} (CSV)
        </button>{' '}
        <button type="button" disabled={busy !== null} onClick={() => void start('features', { what: 'features', ...splitPart }, `features${suffix}.tar`)}>
          Export features (.npy in a tar)
        </button>
      </p>
      {busy ? <p className="muted">Exporting {busy}…</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {done ? (
        <p role="status">
          {done.fileName}: {done.rows} {done.what === 'features' ? 'clips' : 'rows'}, {sizeText(done.bytes)} — {done.savedTo ? `saved to ${done.savedTo}` : 'downloaded by the browser'}
          {done.warnings.map((warning) => (
            <span key={warning} className="muted">
              <br />
              {warning}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}
