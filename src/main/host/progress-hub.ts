/**
 * Server-Sent Events for `viper serve`: each page opens GET /api/events with its own client id and
 * receives the progress of the calls it started (the id rides on each call as X-Viper-Client), the
 * way Electron sends progress only to the window that asked.
 */
import type { ServerResponse } from 'node:http';
import type { ProgressEvent } from '../../shared/api';

export class ProgressHub {
  private readonly streams = new Map<string, Set<ServerResponse>>();

  /** Turns the response into an event stream for `clientId`, until the page closes it. */
  attach(clientId: string, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // A first comment flushes the headers, so the page's EventSource reports open at once.
    response.write(': connected\n\n');
    const set = this.streams.get(clientId) ?? new Set();
    set.add(response);
    this.streams.set(clientId, set);
    response.on('close', () => {
      set.delete(response);
      if (set.size === 0) this.streams.delete(clientId);
    });
  }

  /** The onProgress of one call: delivered to every open stream of the page that made it. */
  sender(clientId: string | undefined): ((event: ProgressEvent) => void) | undefined {
    if (!clientId) return undefined;
    return (event) => {
      const frame = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
      for (const response of this.streams.get(clientId) ?? []) response.write(frame);
    };
  }
}
