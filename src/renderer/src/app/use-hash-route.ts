/**
 * Screens are addressed by the hash (#/, #/clip/12, #/analysis, #/jobs, #/models): it works the same over file://
 * in Electron and over HTTP, and a reload keeps the screen.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { screen: 'library' }
  | { screen: 'clip'; clipId: number }
  | { screen: 'jobs' }
  | { screen: 'models' }
  | { screen: 'analysis' }
  /** An address that names no screen (a mistyped or stale link): said so, with a way back. */
  | { screen: 'not-found'; hash: string };

export function parseRoute(hash: string): Route {
  const clip = /^#\/clip\/([1-9]\d{0,15})$/.exec(hash);
  if (clip) return { screen: 'clip', clipId: Number(clip[1]) };
  if (hash === '#/jobs') return { screen: 'jobs' };
  if (hash === '#/models') return { screen: 'models' };
  if (hash === '#/analysis') return { screen: 'analysis' };
  if (hash === '' || hash === '#' || hash === '#/') return { screen: 'library' };
  return { screen: 'not-found', hash };
}

export function routeHash(route: Route): string {
  if (route.screen === 'clip') return `#/clip/${route.clipId}`;
  if (route.screen === 'not-found') return route.hash;
  return route.screen === 'library' ? '#/' : `#/${route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onHashChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return route;
}
