/**
 * The app window and its session, locked down per Electron's security checklist: isolated and
 * sandboxed renderer without Node, web security on, the CSP on every response, no permissions,
 * no navigation away, no new windows (middle-click's auxclick included), no <webview>.
 * src/main/electron/electronegativity.test.ts audits this file.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy, type CspMode } from '../../shared/content-security-policy';
import type { RendererLocation } from './renderer-location';
import { navigationAllowed, permissionGranted, windowOpenDecision } from './shell-guards';

export function createMainWindow(renderer: RendererLocation, preloadPath: string): BrowserWindow {
  const mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'ViPER Workstation',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Middle-click would open a link in a new window; setWindowOpenHandler denies it, but the page need not see auxclick at all.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow.show());
  if (renderer.kind === 'dev-server') void mainWindow.loadURL(renderer.url);
  else void mainWindow.loadFile(renderer.path);
  return mainWindow;
}

export function lockDownSession(session: Session, mode: CspMode): void {
  const policy = contentSecurityPolicy(mode, 'header');
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionGranted(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionGranted(permission, requestingOrigin));
}

/** For every WebContents the app creates: the page stays the page (the decisions are in shell-guards.ts). */
export function lockDownContents(contents: WebContents, renderer: RendererLocation): void {
  contents.on('will-navigate', (event, url) => {
    if (navigationAllowed(url, renderer)) return;
    event.preventDefault();
    console.error(`viper: refused a navigation to ${url}`);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => windowOpenDecision(details.url));
}
