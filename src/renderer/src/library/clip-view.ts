/**
 * Filtering and sorting of the Library's clips, in the page: 25,067 summaries sort in a few
 * milliseconds, so every keystroke of the search answers at once without a round trip.
 */
import type { ClipSummary } from '../../../shared/api';
import type { Emotion, Split } from '../../../shared/emotions';

export type SortKey = 'fileId' | 'split' | 'status' | 'durationS' | 'error' | 'uncertainty' | Emotion;

export interface ClipViewOptions {
  split: Split | 'none' | 'all';
  /** 'doubtful': the clips `labels.lint` flagged (viewClips is given their ids). */
  labels: 'all' | 'labelled' | 'unlabelled' | 'doubtful';
  search: string;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_VIEW: ClipViewOptions = { split: 'all', labels: 'all', search: '', sort: 'fileId', descending: false };

/** A clip whose file moved or changed says so first: its video cannot be played until it is relocated. */
export function clipStatus(clip: ClipSummary): string {
  if (clip.fileState === 'moved-or-changed') return 'moved or changed';
  if (clip.predictionError !== null) return 'predicted';
  return clip.analysed ? 'analysed' : 'imported';
}

/** Missing values (no labels, no prediction) sort last in either direction. */
function sortValue(clip: ClipSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'fileId':
      return clip.fileId;
    case 'split':
      return clip.split;
    case 'status':
      return clipStatus(clip);
    case 'durationS':
      return clip.durationS;
    case 'error':
      return clip.predictionError;
    case 'uncertainty':
      return clip.predictionUncertainty;
    default:
      return clip.labels?.[key] ?? null;
  }
}

/** Whether a clip passes the labels filter; with 'doubtful', only the flagged ids (none until the lint answers). */
function labelsMatch(clip: ClipSummary, labels: ClipViewOptions['labels'], doubtful: ReadonlySet<number> | undefined): boolean {
  if (labels === 'all') return true;
  if (labels === 'doubtful') return doubtful?.has(clip.id) ?? false;
  return (labels === 'labelled') === (clip.labels !== null);
}

export function viewClips(clips: readonly ClipSummary[], options: ClipViewOptions, doubtful?: ReadonlySet<number>): ClipSummary[] {
  const needle = options.search.trim().toLowerCase();
  const kept = clips.filter(
    (clip) =>
      (options.split === 'all' || (options.split === 'none' ? clip.split === null : clip.split === options.split)) &&
      labelsMatch(clip, options.labels, doubtful) &&
      (needle === '' || clip.fileId.toLowerCase().includes(needle) || clip.path.toLowerCase().includes(needle)),
  );
  const direction = options.descending ? -1 : 1;
  const collator = new Intl.Collator(undefined, { numeric: true });
  return kept.sort((a, b) => {
    const x = sortValue(a, options.sort);
    const y = sortValue(b, options.sort);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return order * direction || a.id - b.id;
  });
}
