/** The Library's filters (split, labels — doubtful ones too —, search) and the review queue, in either of its orders. */
import { SPLITS } from '../../../shared/emotions';
import type { ClipViewOptions } from './clip-view';
import { REVIEW_QUEUE_ORDERS, reviewQueueOf, type ReviewQueueOrder } from './review-order';

interface Props {
  view: ClipViewOptions;
  shown: number;
  total: number;
  onChange: (view: ClipViewOptions) => void;
}

export function LibraryFilters({ view, shown, total, onChange }: Props) {
  return (
    <div className="filters">
      <label>
        Split{' '}
        <select aria-label="split filter" value={view.split} onChange={(event) => onChange({ ...view, split: event.target.value as ClipViewOptions['split'] })}>
          <option value="all">all</option>
          {SPLITS.map((split) => (
            <option key={split} value={split}>
              {split}
            </option>
          ))}
          <option value="none">no split</option>
        </select>
      </label>
      <label>
        Labels{' '}
        <select aria-label="labels filter" value={view.labels} onChange={(event) => onChange({ ...view, labels: event.target.value as ClipViewOptions['labels'] })}>
          <option value="all">all</option>
          <option value="labelled">has gold labels</option>
          <option value="unlabelled">no gold labels</option>
          <option value="doubtful">doubtful labels</option>
        </select>
      </label>
      <input type="search" placeholder="Search File_ID or path" aria-label="search clips" value={view.search} onChange={(event) => onChange({ ...view, search: event.target.value })} />
      <label>
        Review queue{' '}
        <select
          aria-label="review queue order"
          value={reviewQueueOf(view) ?? ''}
          onChange={(event) => {
            const order = event.target.value as ReviewQueueOrder | '';
            if (order !== '') onChange(REVIEW_QUEUE_ORDERS[order].view);
          }}
        >
          <option value="">—</option>
          {(Object.keys(REVIEW_QUEUE_ORDERS) as ReviewQueueOrder[]).map((order) => (
            <option key={order} value={order} title={REVIEW_QUEUE_ORDERS[order].title}>
              {REVIEW_QUEUE_ORDERS[order].label}
            </option>
          ))}
        </select>
      </label>
      <span className="muted">
        {shown} of {total} clips
      </span>
    </div>
  );
}
