import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

const indexHtml = readFileSync(resolve(import.meta.dirname, '../renderer/index.html'), 'utf8');

describe('contentSecurityPolicy', () => {
  it('is what index.html carries in its <meta>', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(indexHtml);
    expect(meta?.[1]).toBe(contentSecurityPolicy('production', 'meta'));
  });

  it('allows no inline or remote script in production', () => {
    const policy = contentSecurityPolicy('production', 'header');
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe');
    expect(policy).toContain("object-src 'none'");
  });

  it("sends frame-ancestors only as a header, where browsers honour it", () => {
    expect(contentSecurityPolicy('production', 'header')).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('production', 'meta')).not.toContain('frame-ancestors');
  });

  it('relaxes only scripts and styles for the dev server', () => {
    const dev = contentSecurityPolicy('development', 'header').split('; ');
    const prod = contentSecurityPolicy('production', 'header').split('; ');
    const changed = dev.filter((directive) => !prod.includes(directive));
    expect(changed).toEqual(["script-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'"]);
  });
});
