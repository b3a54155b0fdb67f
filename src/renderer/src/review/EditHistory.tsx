/**
 * The clip's label history, newest save first: each save (version) with who, when and from where, then
 * its changed values old → new. Any earlier save can be restored: that is a new save, recorded as such.
 */
import type { ClipLabels } from '../../../shared/api';
import { localTime } from '../app/local-time';

/** The history's source in words: 'accepted:3' is run 3's prediction taken as is. */
function sourceText(source: string): string {
  const [kind, detail] = [source.split(':')[0], source.slice(source.indexOf(':') + 1)];
  if (kind === 'accepted') return `accepted from run ${detail}`;
  if (kind === 'restored') return `restored version ${detail}`;
  if (kind === 'adopted') return `adopted from ${detail}`;
  return source;
}


interface Props {
  history: ClipLabels['history'];
  currentVersion: number;
  /** Offered for every save but the current one; absent where restoring makes no sense (a conflict open). */
  onRestore?: ((version: number) => void) | undefined;
}

export function EditHistory({ history, currentVersion, onRestore }: Props) {
  if (history.length === 0) return <p className="muted">No edits yet.</p>;
  const versions = [...new Set(history.map((edit) => edit.version))].sort((a, b) => b - a);
  return (
    <table className="plain edit-history" aria-label="edit history">
      <colgroup>
        <col style={{ width: '34%' }} />
        <col style={{ width: '22%' }} />
        <col style={{ width: '22%' }} />
        <col style={{ width: '22%' }} />
      </colgroup>
      <thead>
        <tr>
          <th>Emotion</th>
          <th>Old</th>
          <th>New</th>
          <th />
        </tr>
      </thead>
      {versions.map((version) => {
        const edits = history.filter((edit) => edit.version === version);
        const first = edits[0];
        if (!first) return null;
        return (
          <tbody key={version} aria-label={`version ${version}`}>
            <tr className="history-save">
              <td colSpan={3}>
                v{version} · {localTime(first.editedAt)} · {first.editedBy} · {sourceText(first.source)}
              </td>
              <td>
                {onRestore && version !== currentVersion ? (
                  <button type="button" onClick={() => onRestore(version)} aria-label={`restore version ${version}`}>
                    Restore
                  </button>
                ) : version === currentVersion ? (
                  <span className="muted">current</span>
                ) : null}
              </td>
            </tr>
            {edits.map((edit) => (
              <tr key={edit.emotion}>
                <td>{edit.emotion}</td>
                <td className="num">{edit.oldValue === null ? '—' : edit.oldValue.toFixed(2)}</td>
                <td className="num">{edit.newValue === null ? '—' : edit.newValue.toFixed(2)}</td>
                <td />
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}
