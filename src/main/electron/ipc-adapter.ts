/**
 * Serves the API contract over Electron IPC: one 'viper:call' channel into the handler table, with
 * progress pushed back to the calling window. Only the app's own page may call (see
 * shell-guards.ts); a call whose window goes away is cancelled.
 */
import { basename } from 'node:path';
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ProgressEvent } from '../../shared/api';
import { IPC_CHANNELS, type CallResult } from '../../shared/client';
import type { ApiContext } from '../api/context';
import type { RendererLocation } from './renderer-location';
import { ipcSenderRefusal } from './shell-guards';
import { createOffLoopSettler } from '../api/off-loop';

/** Registers the channel; returns the function that removes it. */
export function registerIpcAdapter(ctx: ApiContext, renderer: RendererLocation): () => void {
  // Heavy calls run in worker threads, so the window's other calls (a label save) never wait for them.
  const settler = createOffLoopSettler(ctx);
  ipcMain.handle(IPC_CHANNELS.call, (event, call: unknown, input: unknown): Promise<CallResult> => {
    assertTrustedSender(event, renderer);
    const sender = event.sender;
    const abort = new AbortController();
    const cancel = (): void => abort.abort(new Error('the window that started the call was closed'));
    sender.once('destroyed', cancel);
    const onProgress = (progress: ProgressEvent): void => {
      if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.progress, progress);
    };
    return settler.settle(call, input, { signal: abort.signal, onProgress }).finally(() => {
      sender.off('destroyed', cancel);
    });
  });
  // An export's save dialog, over the calling window; the path goes back to the page, which names it in exports.create.
  ipcMain.handle(IPC_CHANNELS.saveDialog, async (event, suggestedName: unknown): Promise<string | null> => {
    assertTrustedSender(event, renderer);
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: typeof suggestedName === 'string' ? basename(suggestedName) : 'export' };
    const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeHandler(IPC_CHANNELS.saveDialog);
    void settler.close();
  };
}

/** The caller must be the top frame showing our own page, not an iframe or a page navigated elsewhere. */
function assertTrustedSender(event: IpcMainInvokeEvent, renderer: RendererLocation): void {
  const refusal = ipcSenderRefusal(event.senderFrame, renderer);
  if (refusal === null) return;
  console.error(`viper: refused an IPC call from ${refusal}`);
  throw new Error('IPC refused: the caller is not the ViPER Workstation page');
}
