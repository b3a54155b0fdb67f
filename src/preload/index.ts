/**
 * Exposes the typed client as window.viper, and nothing else. It runs sandboxed, where a preload may
 * require only 'electron'; the build bundles the rest into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiCall, ApiInput, ApiOutput, ProgressEvent } from '../shared/api';
import { IPC_CHANNELS, MEDIA_SCHEME, type CallResult, type ViperClient } from '../shared/client';

const client: ViperClient = {
  async call<K extends ApiCall>(call: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
    const result = (await ipcRenderer.invoke(IPC_CHANNELS.call, call, input)) as CallResult<K>;
    if (result.ok) return result.value;
    // Plain ErrorInfo on purpose: an Error would lose its code crossing contextBridge.
    throw result.error;
  },
  onProgress(listener) {
    // Only the payload goes on: the IpcRendererEvent would hand the page ipcRenderer itself.
    const forward = (_event: IpcRendererEvent, progress: ProgressEvent): void => listener(progress);
    ipcRenderer.on(IPC_CHANNELS.progress, forward);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.progress, forward);
    };
  },
  mediaUrl(clipId) {
    return `${MEDIA_SCHEME}://clip/${clipId}`;
  },
  async chooseExportTarget(suggestedName) {
    const path = (await ipcRenderer.invoke(IPC_CHANNELS.saveDialog, suggestedName)) as string | null;
    return path === null ? null : { path };
  },
  downloadUrl() {
    // The desktop app writes exports where its save dialog says; it keeps none to download.
    throw new Error('the desktop app saves exports through its save dialog');
  },
};

contextBridge.exposeInMainWorld('viper', client);
