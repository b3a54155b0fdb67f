/**
 * The desktop app's entry: opens the store, serves the API over IPC and shows one locked-down
 * window. The work happens in the plain-Node core; src/main/electron is the only part of
 * src/main that imports electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { isViperError } from '../../shared/errors';
import { createApiContext, type ApiContext } from '../api/context';
import { resolveDbPath } from '../store/data-dir';
import { registerIpcAdapter } from './ipc-adapter';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol';
import { rendererLocation } from './renderer-location';
import { createMainWindow, lockDownContents, lockDownSession } from './window';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const mainDir = import.meta.dirname;
const preloadPath = join(mainDir, '..', 'preload', 'index.cjs');
const renderer = rendererLocation(process.env, mainDir, app.isPackaged);

registerMediaScheme();
app.on('web-contents-created', (_event, contents) => lockDownContents(contents, renderer));

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void app.whenReady().then(() => {
  let ctx: ApiContext;
  try {
    // VIPER_DB, else the per-user data folder the CLI uses too: one store for both.
    ctx = createApiContext(resolveDbPath(process.env.VIPER_DB));
    // Open the store now, so a bad database is reported before the window appears.
    void ctx.db;
  } catch (error) {
    const message = isViperError(error) ? error.message : String(error);
    dialog.showErrorBox('ViPER Workstation cannot open its database', message);
    app.exit(1);
    return;
  }
  app.on('will-quit', () => ctx.close());

  lockDownSession(session.defaultSession, renderer.kind === 'dev-server' ? 'development' : 'production');
  registerIpcAdapter(ctx, renderer);
  handleMediaProtocol(ctx);
  createMainWindow(renderer, preloadPath);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(renderer, preloadPath);
  });
});
