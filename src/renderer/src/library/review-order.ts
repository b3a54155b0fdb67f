/**
 * The review queue's two orders, and the order the Library showed when a clip was opened, so the review
 * screen's next / previous clip follow the same filtered, sorted list (the review queue included). That
 * list is kept per tab in sessionStorage.
 */
import { DEFAULT_VIEW, type ClipViewOptions } from './clip-view';

/**
 * 'error': labelled clips, largest |prediction − gold| first — where the model or the label is wrong.
 * 'uncertainty': every predicted clip, labelled or not, the model's least settled prediction first (the
 * spread of its last epochs' checkpoints) — what to label next. Clips without a value come last.
 */
export const REVIEW_QUEUE_ORDERS = {
  error: { label: 'by |prediction − gold|', title: 'labelled clips, largest mean |prediction − gold| first', view: { ...DEFAULT_VIEW, labels: 'labelled', sort: 'error', descending: true } },
  uncertainty: {
    label: 'by uncertainty',
    title: "every predicted clip, labelled or not, the model's most uncertain first (spread of its last epochs' predictions)",
    view: { ...DEFAULT_VIEW, sort: 'uncertainty', descending: true },
  },
} as const satisfies Record<string, { label: string; title: string; view: ClipViewOptions }>;
export type ReviewQueueOrder = keyof typeof REVIEW_QUEUE_ORDERS;

/** Which review queue the view is, if it is one (the user may have changed its filters since). */
export function reviewQueueOf(view: ClipViewOptions): ReviewQueueOrder | null {
  const same = (queue: ClipViewOptions): boolean => (Object.keys(queue) as (keyof ClipViewOptions)[]).every((key) => queue[key] === view[key]);
  return (Object.keys(REVIEW_QUEUE_ORDERS) as ReviewQueueOrder[]).find((order) => same(REVIEW_QUEUE_ORDERS[order].view)) ?? null;
}

const KEY = 'viper.review-order';

export function saveReviewOrder(clipIds: readonly number[]): void {
  sessionStorage.setItem(KEY, JSON.stringify(clipIds));
}

export function loadReviewOrder(): number[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is number => typeof id === 'number') : [];
  } catch {
    return [];
  }
}
