import { describe, expect, it } from 'vitest';
import { nextRowIndex } from './library-keys';

describe('nextRowIndex', () => {
  it('moves by one, by a page, and to either end, within the list', () => {
    expect(nextRowIndex('ArrowDown', 0, 10, 4)).toBe(1);
    expect(nextRowIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextRowIndex('ArrowDown', 9, 10, 4)).toBe(9);
    expect(nextRowIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(nextRowIndex('PageUp', 5, 10, 4)).toBe(1);
    expect(nextRowIndex('Home', 7, 10, 4)).toBe(0);
    expect(nextRowIndex('End', 0, 10, 4)).toBe(9);
  });

  it('ignores other keys and empty lists', () => {
    expect(nextRowIndex('x', 0, 10, 4)).toBeNull();
    expect(nextRowIndex('ArrowDown', 0, 0, 4)).toBeNull();
  });
});
