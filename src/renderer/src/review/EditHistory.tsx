/** The clip's label edits, newest first: who, when, which emotion, old → new, and from where (CSV import, the UI, the CLI). */
import type { ClipLabels } from '../../../shared/api';

export function EditHistory({ history }: { history: ClipLabels['history'] }) {
  if (history.length === 0) return <p className="muted">No edits yet.</p>;
  return (
    <table className="plain edit-history" aria-label="edit history">
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
            <td>{new Date(edit.editedAt).toLocaleString()}</td>
            <td>{edit.editedBy}</td>
            <td>{edit.emotion}</td>
            <td className="num">{edit.oldValue === null ? '—' : edit.oldValue.toFixed(2)}</td>
            <td className="num">{edit.newValue === null ? '—' : edit.newValue.toFixed(2)}</td>
            <td>{edit.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
