/**
 * The desktop shell's security decisions as plain functions of what Electron hands its handlers (the
 * sender frame's URL, a navigation's target, the permission asked), so the tests run them on real
 * inputs without Electron; window.ts and ipc-adapter.ts wire them up. No electron import.
 */
import { isTrustedRendererUrl, type RendererLocation } from './renderer-location';

/** What the IPC adapter knows of the frame that sent a call (Electron's WebFrameMain, or null once it is gone). */
export interface SenderFrame {
  url: string;
  /** WebFrameMain.parent: null for a window's top frame. */
  parent: unknown;
}

/** Why an IPC call is refused, or null when its sender is the top frame showing the app's own page. */
export function ipcSenderRefusal(frame: SenderFrame | null | undefined, renderer: RendererLocation): string | null {
  if (!frame) return 'a frame that is gone';
  if (frame.parent !== null) return `a subframe (${frame.url})`;
  if (!isTrustedRendererUrl(frame.url, renderer)) return `a page that is not the app's (${frame.url})`;
  return null;
}

/**
 * The window only ever shows the app's page: a navigation is allowed only to that page itself (another
 * query or hash of it). A link to the web, a file, a data: or javascript: URL is refused; it never
 * replaces the page that holds the API.
 */
export function navigationAllowed(targetUrl: string, renderer: RendererLocation): boolean {
  return isTrustedRendererUrl(targetUrl, renderer);
}

/**
 * New windows are never opened, not even of the app's own page: a second window would be a second
 * trusted caller of the API that nobody asked for. The return value is setWindowOpenHandler's.
 */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** The app needs no browser permission (camera, microphone, notifications, geolocation…): each is refused. */
export function permissionGranted(_permission: string, _requestingUrl: string): boolean {
  return false;
}
