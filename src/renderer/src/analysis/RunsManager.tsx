/**
 * Every fusion run with its name, editable in place (empty gives back the default), and a delete that asks
 * first and says what goes (predictions, checkpoints, ONNX files) and what stays (labels). A run a live
 * process trains cannot be deleted from here: the core refuses it and the button says so.
 */
import { useState } from 'react';
import type { ViperError } from '../../../shared/errors';
import { RUN_NAME_MAX_CHARS, runNameProblem } from '../../../shared/run-name';
import { invoke, toViperError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { runLabel, type RunInfo } from './run-label';

function RunNameField({ run, onRenamed }: { run: RunInfo; onRenamed: () => void }) {
  const [draft, setDraft] = useState(run.nameIsDefault ? '' : run.name);
  const [error, setError] = useState<ViperError | null>(null);
  const problem = runNameProblem(draft);
  const changed = draft.trim() !== (run.nameIsDefault ? '' : run.name);
  const save = async (): Promise<void> => {
    setError(null);
    try {
      await invoke('runs.rename', { run: run.id, name: draft });
      onRenamed();
    } catch (reason) {
      setError(toViperError(reason));
    }
  };
  return (
    <form
      className="run-name"
      onSubmit={(event) => {
        event.preventDefault();
        if (changed && !problem) void save();
      }}
    >
      <input aria-label={`name of run ${run.id}`} value={draft} maxLength={RUN_NAME_MAX_CHARS} placeholder={run.nameIsDefault ? run.name : 'default name'} onChange={(event) => setDraft(event.target.value)} />
      <button type="submit" disabled={!changed || problem !== null} title={problem ?? 'an empty name gives back the default (modalities · preset · time)'}>
        Rename
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function DeleteRun({ run, onDeleted }: { run: RunInfo; onDeleted: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ViperError | null>(null);
  const training = run.state === 'running';
  const remove = async (): Promise<void> => {
    setError(null);
    try {
      const deleted = await invoke('runs.delete', { run: run.id });
      onDeleted(`Deleted run ${deleted.id} “${deleted.name}”: ${deleted.predictions} predictions${deleted.folder ? `, ${deleted.files} files (${(deleted.bytes / 1e6).toFixed(1)} MB)` : ''}. Labels were not touched.${deleted.folderKept ? ` Note: ${deleted.folderKept}.` : ''}`);
    } catch (reason) {
      setError(toViperError(reason));
      setAsking(false);
    }
  };
  if (asking) {
    return (
      <span role="group" aria-label={`confirm deleting run ${run.id}`} className="confirm">
        Delete {runLabel(run)} with its predictions, checkpoints and ONNX files? Labels are kept.{' '}
        <button type="button" className="danger" onClick={() => void remove()}>
          Delete run {run.id}
        </button>{' '}
        <button type="button" onClick={() => setAsking(false)}>
          Keep it
        </button>
      </span>
    );
  }
  return (
    <>
      <button type="button" disabled={training} title={training ? 'being trained: cancel its job first (Jobs screen)' : 'delete this run and its files'} onClick={() => setAsking(true)}>
        Delete…
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

export function RunsManager({ runs, onChanged }: { runs: readonly RunInfo[]; onChanged: () => void }) {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <details className="runs-manager">
      <summary>Runs ({runs.length}): names and deletion</summary>
      {notice ? (
        <p role="status" className="muted">
          {notice}
        </p>
      ) : null}
      <table className="plain" aria-label="runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Name</th>
            <th>Kind</th>
            <th>State</th>
            <th className="num">Val mean r</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>{run.id}</td>
              <td>
                {/* Keyed by the stored name, so the field shows a rename done elsewhere. */}
                <RunNameField key={run.name} run={run} onRenamed={onChanged} />
              </td>
              <td>{run.kind === 'prior' ? 'PRIOR' : `Perceiver (${run.modalities.join('+')})`}</td>
              <td>{run.state}</td>
              <td className="num">{run.valMeanPearson === null ? '–' : run.valMeanPearson.toFixed(4)}</td>
              <td>
                <DeleteRun
                  run={run}
                  onDeleted={(message) => {
                    setNotice(message);
                    onChanged();
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
