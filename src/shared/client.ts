/**
 * The typed client the renderer talks to. The preload implements it over Electron IPC; an HTTP
 * client for `viper serve` can implement the same interface, so screens never know the transport.
 */
import type { ApiCall, ApiInput, ApiOutput, ProgressEvent } from './api';
import type { ErrorInfo } from './errors';

export interface ViperClient {
  /**
   * Runs one call of the contract. Resolves with its output; rejects with an ErrorInfo, plain data
   * rather than an Error, because contextBridge keeps only the message of an Error that crosses it.
   */
  call<K extends ApiCall>(call: K, input: ApiInput<K>): Promise<ApiOutput<K>>;
  /** Listens to the progress of this window's running calls; returns the function that stops it. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /**
   * Where a <video> element reads an imported clip from: viper-media://clip/<id> in Electron,
   * /media/<id>?token=… under `viper serve`. Either way the core serves only imported clips, by id.
   */
  mediaUrl(clipId: number): string;
  /**
   * Where an export goes, asked before it is made. The desktop app shows a save dialog and answers the path
   * chosen (null: cancelled); `viper serve` answers 'download': the export is kept for downloadUrl.
   */
  chooseExportTarget(suggestedName: string): Promise<{ path: string } | 'download' | null>;
  /** The address of a kept export (exports.create's downloadId); only `viper serve` keeps them. */
  downloadUrl(downloadId: number): string;
}

/** A call's outcome as it crosses a transport: nothing is thrown across, failures are values. */
export type CallResult<K extends ApiCall = ApiCall> = { ok: true; value: ApiOutput<K> } | { ok: false; error: ErrorInfo };

/** The Electron IPC channels behind the client (src/preload ↔ src/main/electron/ipc-adapter.ts). */
export const IPC_CHANNELS = {
  /** invoke(call, input) → CallResult */
  call: 'viper:call',
  /** main → renderer: ProgressEvent of a call this window started */
  progress: 'viper:progress',
  /** invoke(suggestedName) → the path the save dialog chose, or null */
  saveDialog: 'viper:save-dialog',
} as const;

/** Electron's scheme for clip media (src/main/electron/media-protocol.ts); the CSP's media-src allows it. */
export const MEDIA_SCHEME = 'viper-media';
