/**
 * `viper serve`: the workstation in a browser. A node:http server bound to 127.0.0.1 only, serving
 *   GET  /, /assets/…        the built renderer (public code, no data), under the strict CSP header
 *   POST /api/<call>         the API contract through settleCall → callApi, heavy calls in worker threads
 *                            (api/off-loop.ts) so none holds up another's label save (token in X-Viper-Token)
 *   GET  /api/events         Server-Sent Events: progress of this page's calls (token in ?token=)
 *   GET  /media/<clip id>    an imported clip's video, with Range (token in ?token=: <video> sends no headers),
 *                            only while the file is the one imported (media/clip-file.ts)
 *   GET  /download/<job id>  a finished export's file as an attachment (token in ?token=), download-route.ts
 * Every request must name this server by its loopback address in Host, which defeats DNS rebinding
 * (a page on evil.example re-pointed to 127.0.0.1 still sends Host: evil.example). A request that carries
 * an Origin must carry this server's own: beside the token, a page of another site is refused before
 * anything runs, even if it learnt the token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../shared/errors';
import type { ApiContext } from '../api/context';
import { createOffLoopSettler } from '../api/off-loop';
import { clipMediaResponse } from '../media/clip-media';
import { handleApiCall, sendJson } from './api-route';
import { sendDownload } from './download-route';
import { ProgressHub } from './progress-hub';
import { sendFile } from './send-file';
import { sendStatic } from './static-route';
import { createToken, tokenMatches } from './token';

export interface HostOptions {
  ctx: ApiContext;
  /** The built renderer: out/renderer. */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed in tests; a fresh random one otherwise. */
  token?: string;
}

export interface RunningHost {
  /** The address to open: it carries the token, which the page keeps and removes from the bar. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? createToken();
  const hub = new ProgressHub();
  const settler = createOffLoopSettler(options.ctx);
  let allowedHosts: ReadonlySet<string> = new Set();
  let allowedOrigins: ReadonlySet<string> = new Set();
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('viper serve: a request failed', error);
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: { code: 'internal', message: 'internal error while answering the request' } });
      else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return refuse(response, 421, 'api/invalid-input', `Host "${request.headers.host ?? ''}" is not this server: open the address "viper serve" printed.`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return refuse(response, 403, 'api/foreign-origin', `Origin "${origin}" is not this server: only the page "viper serve" serves may call it. Open the address "viper serve" printed.`);
    }
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const authorised = tokenMatches(token, request.headers['x-viper-token'] as string | undefined) || tokenMatches(token, url.searchParams.get('token'));
    const needsToken = url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/') || url.pathname.startsWith('/download/');
    if (needsToken && !authorised) {
      return refuse(response, 401, 'api/unauthorized', 'missing or wrong token: open the address "viper serve" printed (it ends in ?token=…).');
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      hub.attach(url.searchParams.get('client') ?? '', response);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return refuse(response, 405, 'api/invalid-input', 'API calls are POST requests with a JSON body.', { Allow: 'POST' });
      return handleApiCall(settler, hub, url.pathname.slice('/api/'.length), request, response);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'api/invalid-input', `${request.method ?? ''} is not served here.`, { Allow: 'GET, HEAD' });
    if (url.pathname.startsWith('/media/')) return sendMedia(request, response, url.pathname.slice('/media/'.length));
    if (url.pathname.startsWith('/download/')) return sendDownload(options.ctx, url.pathname.slice('/download/'.length), request, response);
    return sendStatic(options.rendererDir, url.pathname, request.method, response);
  }

  async function sendMedia(request: IncomingMessage, response: ServerResponse, clipIdText: string): Promise<void> {
    const media = await clipMediaResponse(options.ctx.db, clipIdText, request.headers.range);
    response.writeHead(media.status, { ...media.headers, 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-store' });
    if (typeof media.body === 'string') response.end(media.body);
    else if (request.method === 'HEAD') {
      media.body.destroy();
      response.end();
    } else await sendFile(media.body, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  }).catch(async (error: unknown) => {
    await settler.close();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((hostAndPort) => `http://${hostAndPort}`));
  const origin = `http://${LOOPBACK}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      await new Promise<void>((resolve) => {
        // Event streams never end on their own.
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await settler.close();
    },
  };
}

function refuse(response: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  sendJson(response, status, { ok: false, error: { code, message } });
}
