/**
 * The built renderer (out/renderer) as static files, under the strict CSP header. Paths are resolved
 * inside that folder and checked to stay there; anything else is 404.
 */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../../shared/content-security-policy';
import { sendFile } from './send-file';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function sendStatic(rendererDir: string, pathname: string, method: string | undefined, response: ServerResponse): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : decodeSafely(pathname.slice(1));
  const file = relative === null ? null : normalize(join(rendererDir, relative));
  const root = normalize(rendererDir + sep);
  if (file === null || !file.startsWith(root) || !isFile(file)) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    response.end(`${pathname}: not found`);
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy('production', 'header'),
    'X-Content-Type-Options': 'nosniff',
    // The first address carries the token: never send it on as a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  if (method === 'HEAD') response.end();
  else await sendFile(createReadStream(file), response);
}

function decodeSafely(text: string): string | null {
  try {
    const decoded = decodeURIComponent(text);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
