// The shell's decisions on the inputs Electron would hand them: real URLs of the built page, the dev
// server, the web and the file system, and top or sub frames.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rendererLocation } from './renderer-location';
import { ipcSenderRefusal, navigationAllowed, permissionGranted, windowOpenDecision } from './shell-guards';

const mainDir = join('/opt', 'viper', 'out', 'main');
const built = rendererLocation({}, mainDir, false);
const dev = rendererLocation({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, mainDir, false);
const page = pathToFileURL(join('/opt', 'viper', 'out', 'renderer', 'index.html')).href;
const topFrame = (url: string): { url: string; parent: null } => ({ url, parent: null });

describe('ipcSenderRefusal', () => {
  it("accepts the top frame showing the app's page, with any query or hash", () => {
    expect(ipcSenderRefusal(topFrame(page), built)).toBeNull();
    expect(ipcSenderRefusal(topFrame(`${page}?clip=3#review`), built)).toBeNull();
    expect(ipcSenderRefusal(topFrame('http://localhost:5173/'), dev)).toBeNull();
  });

  it('refuses a subframe, even of the same page', () => {
    expect(ipcSenderRefusal({ url: page, parent: topFrame(page) }, built)).toBe(`a subframe (${page})`);
  });

  it.each([
    ['https://evil.example/index.html'],
    [pathToFileURL('/tmp/index.html').href],
    [pathToFileURL('/opt/viper/out/renderer/other.html').href],
    [page.replace('file:///', 'file://remote-host/')],
    ['about:blank'],
    ['data:text/html,<script>1</script>'],
    ['http://localhost:5173/'],
  ])('refuses the top frame of %s in the built app', (url) => {
    expect(ipcSenderRefusal(topFrame(url), built)).toBe(`a page that is not the app's (${url})`);
  });

  it('refuses other origins under the dev server, and a frame that is gone', () => {
    for (const url of ['http://localhost:5174/', 'http://127.0.0.1:5173/', 'http://localhost.evil.example:5173/', 'https://localhost:5173/', page]) {
      expect(ipcSenderRefusal(topFrame(url), dev)).not.toBeNull();
    }
    expect(ipcSenderRefusal(null, built)).toBe('a frame that is gone');
    expect(ipcSenderRefusal(undefined, built)).toBe('a frame that is gone');
  });
});

describe('navigationAllowed', () => {
  it("allows only the app's own page", () => {
    expect(navigationAllowed(`${page}#library`, built)).toBe(true);
    expect(navigationAllowed('http://localhost:5173/?clip=2', dev)).toBe(true);
  });

  it.each([['https://example.com/'], ['http://127.0.0.1:8080/?token=x'], [pathToFileURL('/etc/passwd').href], ['javascript:alert(1)'], ['data:text/html,hi'], ['viper-media://clip/1'], ['not a url']])(
    'refuses %s',
    (url) => {
      expect(navigationAllowed(url, built)).toBe(false);
      expect(navigationAllowed(url, dev)).toBe(false);
    },
  );
});

describe('windowOpenDecision and permissionGranted', () => {
  it("opens no window, not even of the app's own page", () => {
    for (const url of [page, 'https://example.com/', 'about:blank']) expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });

  it('grants no permission to any page', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'serial']) {
      expect(permissionGranted(permission, page)).toBe(false);
      expect(permissionGranted(permission, 'https://example.com/')).toBe(false);
    }
  });
});
