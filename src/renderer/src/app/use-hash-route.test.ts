import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './use-hash-route';

describe('parseRoute', () => {
  it('names each screen and round-trips through routeHash', () => {
    for (const hash of ['#/', '#/clip/12', '#/analysis', '#/jobs', '#/models']) expect(routeHash(parseRoute(hash))).toBe(hash);
    expect(parseRoute('')).toEqual({ screen: 'library' });
  });

  it('says "not found" for an address that names no screen, rather than showing the Library', () => {
    for (const hash of ['#/clip/abc', '#/clip/0', '#/clip/', '#/clip/12/x', '#/nothing', `#/clip/${'9'.repeat(40)}`]) {
      expect(parseRoute(hash)).toEqual({ screen: 'not-found', hash });
    }
  });
});
