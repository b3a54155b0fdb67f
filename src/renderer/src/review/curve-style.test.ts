import { describe, expect, it } from 'vitest';
import { curveStyle, OKABE_ITO } from './curve-style';

describe('curveStyle', () => {
  it('gives 24 curves 24 different styles, the first eight by colour alone', () => {
    const styles = Array.from({ length: 24 }, (_, i) => curveStyle(i));
    expect(new Set(styles.map((s) => `${s.color} ${s.dash}`)).size).toBe(24);
    expect(styles.slice(0, 8).map((s) => s.color)).toEqual([...OKABE_ITO]);
    expect(styles.slice(0, 8).every((s) => s.dash === undefined)).toBe(true);
  });
});
