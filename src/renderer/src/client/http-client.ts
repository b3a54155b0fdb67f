/**
 * The ViperClient of `viper serve`: POST /api/<call> with the token header, progress from one
 * EventSource on /api/events. The answer is the same CallResult the IPC adapter returns, so failures
 * reach the screens as the same ErrorInfo values.
 */
import type { ApiCall, ApiInput, ApiOutput, ProgressEvent } from '../../../shared/api';
import type { CallResult, ViperClient } from '../../../shared/client';
import type { ErrorInfo } from '../../../shared/errors';

export function createHttpClient(token: string): ViperClient {
  // Names this page's event stream, so the host sends it the progress of its own calls only.
  const clientId = crypto.randomUUID();
  const listeners = new Set<(event: ProgressEvent) => void>();
  let events: EventSource | null = null;

  function openEvents(): void {
    events = new EventSource(`/api/events?token=${encodeURIComponent(token)}&client=${clientId}`);
    events.addEventListener('progress', (message) => {
      const progress = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
      for (const listener of listeners) listener(progress);
    });
  }

  return {
    async call<K extends ApiCall>(call: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
      let response: Response;
      try {
        response = await fetch(`/api/${call}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token, 'X-Viper-Client': clientId },
          body: JSON.stringify(input),
        });
      } catch (error) {
        throw { code: 'internal', message: `cannot reach "viper serve" (${String(error)}): is it still running?` } satisfies ErrorInfo;
      }
      const result = (await response.json()) as CallResult<K>;
      if (result.ok) return result.value;
      throw result.error;
    },
    onProgress(listener) {
      listeners.add(listener);
      if (!events) openEvents();
      return () => {
        listeners.delete(listener);
      };
    },
    mediaUrl(clipId) {
      return `/media/${clipId}?token=${encodeURIComponent(token)}`;
    },
    // A browser saves through its own download, where its settings say.
    chooseExportTarget: () => Promise.resolve('download'),
    downloadUrl(downloadId) {
      return `/download/${downloadId}?token=${encodeURIComponent(token)}`;
    },
  };
}
