/** The clip's label edits, newest first: who, when, which emotion, old → new, and from where (CSV import, the UI, the CLI). */
import type { ClipLabels } from '../../../shared/api';

/** The history's source in words: 'accepted:3' is run 3's prediction taken as is. */
const sourceText = (source: string): string => (source.startsWith('accepted:') ? `accepted from run ${source.slice('accepted:'.length)}` : source);

const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function EditHistory({ history }: { history: ClipLabels['history'] }) {
  if (history.length === 0) return <p className="muted">No edits yet.</p>;
  return (
    <table className="plain edit-history" aria-label="edit history">
      <colgroup>
        <col style={{ width: '24%' }} />
        <col style={{ width: '17%' }} />
        <col style={{ width: '20%' }} />
        <col style={{ width: '10%' }} />
        <col style={{ width: '10%' }} />
        <col style={{ width: '19%' }} />
      </colgroup>
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Emotion</th>
          <th>Old</th>
          <th>New</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {[...history].reverse().map((edit, i) => (
          <tr key={i}>
            <td>{when(edit.editedAt)}</td>
            <td>{edit.editedBy}</td>
            <td>{edit.emotion}</td>
            <td className="num">{edit.oldValue === null ? '—' : edit.oldValue.toFixed(2)}</td>
            <td className="num">{edit.newValue === null ? '—' : edit.newValue.toFixed(2)}</td>
            <td title={edit.source}>{sourceText(edit.source)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
