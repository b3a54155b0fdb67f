/**
 * The Library's clips as a virtual list: only the rows in view (plus a few) are in the DOM, so
 * 25,067 clips scroll as smoothly as 10. Column headers sort; a row opens the clip for review.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ClipSummary } from '../../../shared/api';
import { EMOTIONS } from '../../../shared/emotions';
import { clipStatus, type ClipViewOptions, type SortKey } from './clip-view';
import { nextRowIndex } from './library-keys';

const ROW_HEIGHT_PX = 30;

interface Props {
  clips: readonly ClipSummary[];
  view: ClipViewOptions;
  onSort: (key: SortKey) => void;
  onOpen: (clip: ClipSummary) => void;
}

const COLUMNS: { key: SortKey; label: string; title?: string }[] = [
  { key: 'fileId', label: 'File_ID' },
  { key: 'split', label: 'Split' },
  { key: 'status', label: 'Status' },
  { key: 'durationS', label: 'Dur. s' },
  ...EMOTIONS.map((emotion) => ({ key: emotion, label: emotion.slice(0, 3), title: `gold ${emotion}` })),
  { key: 'error', label: 'Error', title: 'mean |prediction − gold|' },
  { key: 'uncertainty', label: 'Unc.', title: "uncertainty: mean spread of the last epochs' predictions" },
];

export function ClipsTable({ clips, view, onSort, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: clips.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT_PX, overscan: 12 });
  // The row the keyboard is on; the list itself holds focus (rows come and go as it scrolls).
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, Math.max(0, clips.length - 1));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter') {
      const clip = clips[activeIndex];
      if (clip) onOpen(clip);
      event.preventDefault();
      return;
    }
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT_PX) / ROW_HEIGHT_PX) - 1);
    const next = nextRowIndex(event.key, activeIndex, clips.length, pageRows);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  return (
    <div className="clip-grid" role="table" aria-label="clips" aria-rowcount={clips.length}>
      <div className="clip-row clip-head" role="row">
        {COLUMNS.map((column) => (
          <button key={column.key} type="button" role="columnheader" title={column.title} onClick={() => onSort(column.key)} aria-sort={view.sort === column.key ? (view.descending ? 'descending' : 'ascending') : 'none'}>
            {column.label}
            {view.sort === column.key ? (view.descending ? ' ▾' : ' ▴') : ''}
          </button>
        ))}
      </div>
      <div
        className="clip-scroll"
        ref={scroller}
        tabIndex={0}
        aria-label="clips list: arrow keys move, Enter opens"
        aria-activedescendant={clips[activeIndex] ? `clip-row-${clips[activeIndex].id}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="clip-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const clip = clips[item.index];
            if (!clip) return null;
            return (
              <div
                key={clip.id}
                id={`clip-row-${clip.id}`}
                className="clip-row"
                role="row"
                aria-rowindex={item.index + 1}
                aria-selected={item.index === activeIndex}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onOpen(clip)}
                title={clip.path}
              >
                <span role="cell">
                  <a href={`#/clip/${clip.id}`} tabIndex={-1} onClick={(event) => event.preventDefault()}>
                    {clip.fileId}
                  </a>
                </span>
                <span role="cell">{clip.split ?? '—'}</span>
                <span role="cell">{clipStatus(clip)}</span>
                <span role="cell" className="num">
                  {clip.durationS.toFixed(1)}
                </span>
                {EMOTIONS.map((emotion) => (
                  <span role="cell" key={emotion} className="num">
                    {clip.labels?.[emotion]?.toFixed(2) ?? '·'}
                  </span>
                ))}
                <span role="cell" className="num">
                  {clip.predictionError === null ? '·' : clip.predictionError.toFixed(3)}
                </span>
                <span role="cell" className="num">
                  {clip.predictionUncertainty === null ? '·' : clip.predictionUncertainty.toFixed(3)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
