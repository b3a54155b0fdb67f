/** The store.status counts: how many clips, by split, labelled, with audio; and which database. */
import type { StoreStatus } from '../../../shared/api';

export function StoreSummary({ status }: { status: StoreStatus }) {
  const counts: [label: string, value: number][] = [
    ['Clips', status.clips],
    ['Train', status.bySplit.Train],
    ['Val', status.bySplit.Val],
    ['Test', status.bySplit.Test],
    ['No split', status.bySplit.none],
    ['Gold-labelled', status.labelled],
    ['With audio', status.withAudio],
  ];
  return (
    <div className="store-summary">
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Database <code>{status.dbPath}</code>, schema version {status.schemaVersion}
        {status.recentErrors.length > 0 ? `, ${status.recentErrors.length} recent import errors` : ''}
      </p>
    </div>
  );
}
