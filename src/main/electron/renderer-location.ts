/**
 * Where the window loads the renderer from, and so which frames may call the API: the built
 * out/renderer/index.html over file://, or under `electron-vite dev` its dev server
 * (ELECTRON_RENDERER_URL, ignored in a packaged app). No electron import, so it is testable.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type RendererLocation = { kind: 'file'; path: string } | { kind: 'dev-server'; url: string };

/** `mainDir` is the folder of the built main entry (out/main); the renderer is built beside it. */
export function rendererLocation(env: NodeJS.ProcessEnv, mainDir: string, isPackaged: boolean): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (devUrl && !isPackaged) return { kind: 'dev-server', url: devUrl };
  return { kind: 'file', path: join(mainDir, '..', 'renderer', 'index.html') };
}

/** True only for the app's own page: the same index.html file, or a page of the dev server's origin. */
export function isTrustedRendererUrl(frameUrl: string, location: RendererLocation): boolean {
  if (!URL.canParse(frameUrl)) return false;
  const url = new URL(frameUrl);
  if (location.kind === 'dev-server') return url.origin === new URL(location.url).origin;
  // file: URLs have an opaque origin, so compare the file itself (query and hash may vary).
  return url.protocol === 'file:' && url.host === '' && url.pathname === pathToFileURL(location.path).pathname;
}
