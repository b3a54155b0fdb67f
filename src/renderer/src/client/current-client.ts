/** The page's one client: the preload's (Electron) when present, else `viper serve`'s over HTTP. */
import type { ViperClient } from '../../../shared/client';
import { ViperError } from '../../../shared/errors';
import { createHttpClient } from './http-client';
import { takeSessionToken } from './session-token';

let client: ViperClient | undefined;

/** Whether this page can reach the workstation: Electron's preload, or a `viper serve` token in this tab. */
export function hasClientAccess(): boolean {
  return Boolean(window.viper) || takeSessionToken() !== null;
}

export function currentClient(): ViperClient {
  if (client) return client;
  if (window.viper) return (client = window.viper);
  const token = takeSessionToken();
  if (!token) {
    throw new ViperError('api/unauthorized', 'This page has no access token: open the address "npx viper serve" printed (it ends in ?token=…).');
  }
  return (client = createHttpClient(token));
}
