/**
 * The `viper serve` token: read from the address once (…/?token=…), kept in sessionStorage for this
 * tab's reloads, and removed from the address bar so it is not bookmarked or shown on screen.
 */
const KEY = 'viper.token';

export function takeSessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}
