/** A stored UTC time as the person at this workstation reads a clock; '—' for none. */
export const localTime = (iso: string | null): string => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '—');
