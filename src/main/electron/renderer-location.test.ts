import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl, rendererLocation } from './renderer-location';

const mainDir = join('/opt', 'viper', 'out', 'main');
const built = rendererLocation({}, mainDir, false);
const builtUrl = pathToFileURL(join('/opt', 'viper', 'out', 'renderer', 'index.html')).href;

describe('rendererLocation', () => {
  it('is the built index.html beside out/main', () => {
    expect(built).toEqual({ kind: 'file', path: join('/opt', 'viper', 'out', 'renderer', 'index.html') });
  });

  it('is the dev server under electron-vite dev, but never in a packaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(rendererLocation(env, mainDir, false)).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(rendererLocation(env, mainDir, true).kind).toBe('file');
  });
});

describe('isTrustedRendererUrl', () => {
  it('trusts the built page, with any query or hash', () => {
    expect(isTrustedRendererUrl(builtUrl, built)).toBe(true);
    expect(isTrustedRendererUrl(`${builtUrl}?clip=3#review`, built)).toBe(true);
  });

  it('refuses other files, other schemes and garbage', () => {
    expect(isTrustedRendererUrl(pathToFileURL('/tmp/evil.html').href, built)).toBe(false);
    expect(isTrustedRendererUrl(builtUrl.replace('file:///', 'file://remote-host/'), built)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/index.html', built)).toBe(false);
    expect(isTrustedRendererUrl('about:blank', built)).toBe(false);
    expect(isTrustedRendererUrl('', built)).toBe(false);
  });

  it('trusts only the dev server origin under electron-vite dev', () => {
    const dev = rendererLocation({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, mainDir, false);
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost.evil.com:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl(builtUrl, dev)).toBe(false);
  });
});
