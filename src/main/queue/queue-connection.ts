/**
 * The Redis a lab's analysis queue lives on, from the `--queue redis://[user:password@]host:port[/db]` the
 * user typed: parsed and checked once (a malformed address, nobody listening, a password wanted or wrong
 * are each said plainly, before any job is queued), then handed to BullMQ as connection options.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { ViperError } from '../../shared/errors';

/** One queue per lab: every workstation and worker on the same Redis meets here. */
export const ANALYSIS_QUEUE = 'viper-analysis';

export interface QueueAddress {
  /** host:port/db, for messages: never the password. */
  display: string;
  /** The address as typed less its password, safe to record with a job. */
  redacted: string;
  options: RedisOptions;
}

const HOW = 'Give it as redis://host:port (redis://:password@host:port when Redis wants a password; rediss:// for TLS).';

export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ViperError('queue/bad-url', `--queue "${text}": not an address. ${HOW}`, { subject: '--queue' });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new ViperError('queue/bad-url', `--queue "${text}": ${url.protocol} is not a Redis address. ${HOW}`, { subject: '--queue' });
  if (url.hostname === '') throw new ViperError('queue/bad-url', `--queue "${text}": no host. ${HOW}`, { subject: '--queue' });
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) throw new ViperError('queue/bad-url', `--queue "${text}": "/${dbText}" is not a Redis database number (0–15). ${HOW}`, { subject: '--queue' });
  const db = dbText === '' ? 0 : Number(dbText);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const password = decodeURIComponent(url.password);
  const username = decodeURIComponent(url.username);
  const redactedUrl = new URL(url.href);
  redactedUrl.password = '';
  return {
    display: `${url.hostname}:${port}/${db}`,
    redacted: redactedUrl.href,
    options: {
      host,
      port,
      db,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}

/** How long a check waits for Redis to answer before calling it unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

/** One PING with no retries: unreachable, a password wanted or refused, each as its own error with the fix. */
export async function checkQueue(address: QueueAddress): Promise<void> {
  const client = new Redis({ ...address.options, lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // ioredis tells the cause (ECONNREFUSED, NOAUTH) only as an event; connect() rejects with "Connection is closed".
  let cause: unknown = null;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw queueErrorOf(cause ?? error, address);
  } finally {
    client.disconnect();
  }
}

/** A Redis failure as the error a user can act on; anything unrecognised is taken as Redis being out of reach. */
export function queueErrorOf(error: unknown, address: QueueAddress): ViperError {
  const message = error instanceof Error ? error.message : String(error);
  if (/NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(message)) {
    return new ViperError(
      'queue/auth-failed',
      `Redis at ${address.display} ${/NOAUTH/i.test(message) ? 'wants a password and none was given' : 'refused the password given'} (${message}). Put it in the address: redis://:password@host:port.`,
      { subject: '--queue', cause: error },
    );
  }
  return new ViperError(
    'queue/unreachable',
    `Redis at ${address.display} cannot be reached (${message}). Check that redis-server runs there and listens on that address (bind, protected-mode, firewall); the run can be resumed once it does.`,
    { subject: '--queue', cause: error },
  );
}
