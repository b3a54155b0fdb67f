/**
 * The per-run secret of `viper serve`: printed once in the address, required on every API, events
 * and media request. Loopback alone is not enough: any local process or any web page the user visits
 * can reach 127.0.0.1, but neither knows the token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe so it can ride in the address. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (of digests, so lengths never leak either). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
