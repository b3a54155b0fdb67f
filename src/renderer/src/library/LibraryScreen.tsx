/** The Library: store counts, import / analyse actions, and every clip in a filterable, sortable virtual list. */
import { useCallback, useMemo, useState } from 'react';
import { INPUT_LIMITS } from '../../../shared/input-limits';
import { ErrorNotice } from '../ErrorNotice';
import { navigate } from '../app/use-hash-route';
import { useApi } from '../app/use-api';
import { DEFAULT_VIEW, viewClips, type ClipViewOptions } from './clip-view';
import { DoubtfulLabels } from './DoubtfulLabels';
import { ClipsTable } from './ClipsTable';
import { LibraryActions } from './LibraryActions';
import { LibraryFilters } from './LibraryFilters';
import { MetadataFilter } from './MetadataFilter';
import type { MetadataCondition } from './metadata-filter';
import { saveReviewOrder } from './review-order';
import { StoreSummary } from './StoreSummary';
import { ScreenTitle } from '../app/ScreenTitle';

/** All the library can hold (above the 25,067 clips of Hume-Reaction): the page filters without a round trip. */
const ALL_CLIPS = INPUT_LIMITS.clips;

export function LibraryScreen() {
  const [status, reloadStatus] = useApi('store.status', {});
  const [metadata, setMetadata] = useState<MetadataCondition[]>([]);
  const [list, reloadList] = useApi('clips.list', { limit: ALL_CLIPS, ...(metadata.length > 0 ? { metadata } : {}) });
  const [view, setView] = useState<ClipViewOptions>(DEFAULT_VIEW);
  const [doubtful, setDoubtful] = useState<ReadonlySet<number>>();
  const onFlagged = useCallback((ids: ReadonlySet<number>) => setDoubtful(ids), []);
  const shown = useMemo(() => (list.phase === 'ready' ? viewClips(list.value.clips, view, doubtful) : []), [list, view, doubtful]);
  const reload = (): void => {
    reloadStatus();
    reloadList();
  };

  return (
    <section className="library">
      <ScreenTitle title="Library" onReload={reload} />
      {status.phase === 'ready' ? <StoreSummary status={status.value} /> : null}
      {status.phase === 'failed' ? <ErrorNotice error={status.error} onRetry={reload} /> : null}
      <LibraryActions onChanged={reload} />
      {list.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {list.phase === 'failed' ? <ErrorNotice error={list.error} onRetry={reload} /> : null}
      {list.phase === 'ready' && list.value.total === 0 && metadata.length > 0 ? <p className="muted">No clip has this metadata.</p> : null}
      {list.phase === 'ready' && list.value.total === 0 && metadata.length === 0 ? <p className="muted">No clips yet: import a folder above, or run npx viper import &lt;folder&gt; --labels &lt;csv&gt;.</p> : null}
      {metadata.length > 0 || (list.phase === 'ready' && list.value.total > 0) ? <MetadataFilter onApply={setMetadata} /> : null}
      {list.phase === 'ready' && list.value.total > 0 ? (
        <>
          <LibraryFilters view={view} shown={shown.length} total={list.value.total} onChange={setView} />
          {view.labels === 'doubtful' ? <DoubtfulLabels split={view.split === 'all' || view.split === 'none' ? undefined : view.split} onFlagged={onFlagged} /> : null}
          <ClipsTable
            clips={shown}
            view={view}
            onSort={(sort) => setView({ ...view, sort, descending: view.sort === sort ? !view.descending : false })}
            onOpen={(clip) => {
              saveReviewOrder(shown.map((c) => c.id));
              navigate({ screen: 'clip', clipId: clip.id });
            }}
          />
        </>
      ) : null}
    </section>
  );
}
