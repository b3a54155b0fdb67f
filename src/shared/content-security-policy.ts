/**
 * The renderer's Content Security Policy, defined once for its enforcement points: the response header
 * that Electron's main process and `viper serve` add, and the <meta> in src/renderer/index.html, which is what guards the
 * built app (pages loaded from file:// get no response headers). The build checks that the <meta>
 * matches (electron.vite.config.ts). Development only relaxes scripts and styles, for Vite's inline
 * React-refresh preamble and the <style> tags it injects. No electron import: the config uses it.
 */
export type CspMode = 'production' | 'development';
/** Browsers ignore frame-ancestors in a <meta> (and warn); it only works as a header. */
export type CspDelivery = 'header' | 'meta';

export function contentSecurityPolicy(mode: CspMode, delivery: CspDelivery): string {
  const inline = mode === 'development' ? " 'unsafe-inline'" : '';
  const directives = [
    "default-src 'self'",
    `script-src 'self'${inline}`,
    // React sets style props through the CSSOM, which CSP allows; only dev needs inline <style>.
    `style-src 'self'${inline}`,
    "img-src 'self' data: blob:",
    "media-src 'self' viper-media:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (delivery === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
