/** The queue's address: parsed, and checked against a real redis-server (open, with a password, and gone). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViperError } from '../../shared/errors';
import { freePort, startRedis, type TestRedis } from '../test-support/redis-server';
import { checkQueue, parseQueueUrl } from './queue-connection';

const codeOf = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ViperError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ViperError');
};

describe('parseQueueUrl', () => {
  it('reads host, port, database and password, and keeps the password out of what is shown and recorded', () => {
    const address = parseQueueUrl('redis://:s3cret@10.0.0.5:6390/2');
    expect(address.options).toEqual({ host: '10.0.0.5', port: 6390, db: 2, password: 's3cret' });
    expect(address.display).toBe('10.0.0.5:6390/2');
    expect(address.redacted).toBe('redis://10.0.0.5:6390/2');
    expect(parseQueueUrl('redis://lab-redis').options).toEqual({ host: 'lab-redis', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://[::1]:7000').options).toMatchObject({ host: '::1', port: 7000, tls: {} });
  });

  it.each([
    ['localhost:6379', 'not a Redis address'],
    ['http://host:6379', 'http: is not a Redis address'],
    ['redis://', 'no host'],
    ['redis://host:99999', 'not an address'],
    ['redis://host:6379/x', 'not a Redis database number'],
    ['not a url', 'not an address'],
  ])('refuses %s, saying how to write it', (text, why) => {
    let error: unknown;
    try {
      parseQueueUrl(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ViperError);
    expect((error as ViperError).code).toBe('queue/bad-url');
    expect((error as ViperError).message).toContain(why);
    expect((error as ViperError).message).toContain('redis://host:port');
  });
});

describe('checkQueue against a real redis-server', () => {
  let open: TestRedis;
  let guarded: TestRedis;
  beforeAll(async () => {
    [open, guarded] = await Promise.all([startRedis(), startRedis({ password: 'lab-secret' })]);
  });
  afterAll(async () => {
    await Promise.all([open.stop(), guarded.stop()]);
  });

  it('passes an open Redis and a guarded one given its password', async () => {
    await checkQueue(parseQueueUrl(open.url));
    await checkQueue(parseQueueUrl(guarded.url));
  });

  it('says a password is wanted, or refused, with where to put it', async () => {
    const none = await codeOf(checkQueue(parseQueueUrl(`redis://127.0.0.1:${guarded.port}`)));
    expect(none.code).toBe('queue/auth-failed');
    expect(none.message).toContain('wants a password and none was given');
    expect(none.message).toContain('redis://:password@host:port');
    const wrong = await codeOf(checkQueue(parseQueueUrl(`redis://:nope@127.0.0.1:${guarded.port}`)));
    expect(wrong.code).toBe('queue/auth-failed');
    expect(wrong.message).toContain('refused the password');
  });

  it('says nobody listens where nobody does', async () => {
    const port = await freePort();
    const gone = await codeOf(checkQueue(parseQueueUrl(`redis://127.0.0.1:${port}`)));
    expect(gone.code).toBe('queue/unreachable');
    expect(gone.message).toContain(`127.0.0.1:${port}/0 cannot be reached`);
    expect(gone.message).toContain('ECONNREFUSED');
  });
});
