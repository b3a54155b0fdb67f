/**
 * HTTP Range (RFC 9110 §14) for one file: what a <video> element asks for when it seeks. Only single
 * byte ranges; a multi-range request gets the whole file, which the RFC allows.
 */
export type RangeAnswer =
  | { kind: 'whole' }
  /** Inclusive byte offsets, as Content-Range writes them. */
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function resolveByteRange(header: string | undefined, sizeBytes: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Not a single byte range (another unit, several ranges, garbage): ignoring Range is the RFC's fallback.
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '') {
    // "bytes=-N": the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(first);
  const end = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (start >= sizeBytes || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
