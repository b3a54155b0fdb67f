/**
 * The order the Library showed when a clip was opened, so the review screen's next / previous clip
 * follow the same filtered, sorted list (the review queue included). Kept per tab in sessionStorage.
 */
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
