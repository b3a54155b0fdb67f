/** The Library's keys: arrows move the active row of the clips list, Enter opens it for review. */

export const LIBRARY_SHORTCUT_HELP: [keys: string, what: string][] = [
  ['Tab', 'to the clips list'],
  ['↑ / ↓', 'previous / next clip'],
  ['Page Up / Page Down', 'a page of clips up / down'],
  ['Home / End', 'first / last clip'],
  ['Enter', 'open the clip for review'],
];

/** The row a key moves the active row to (clamped to the list), or null when the key is not a list key. */
export function nextRowIndex(key: string, index: number, count: number, pageRows: number): number | null {
  if (count === 0) return null;
  const clamp = (to: number): number => Math.max(0, Math.min(count - 1, to));
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'PageDown':
      return clamp(index + pageRows);
    case 'PageUp':
      return clamp(index - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
