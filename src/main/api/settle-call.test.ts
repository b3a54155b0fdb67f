import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiContext, type ApiContext } from './context';
import { settleCall } from './settle-call';

let dir: string;
let ctx: ApiContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'viper-settle-'));
  ctx = createApiContext(join(dir, 'viper.db'), { actor: 'test', env: {} });
});

afterEach(() => {
  if (ctx.db.open) ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('settleCall', () => {
  it('resolves a call with its output', async () => {
    const result = await settleCall(ctx, 'clips.list', {}, {});
    expect(result).toEqual({ ok: true, value: { total: 0, clips: [] } });
  });

  it.each([['clips.delete'], [42], [undefined], ['__proto__']])('refuses %s as api/unknown-call', async (call) => {
    const result = await settleCall(ctx, call, {}, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'api/unknown-call', subject: 'call' } });
  });

  it('reports bad input as api/invalid-input naming the field', async () => {
    const result = await settleCall(ctx, 'clips.list', { limit: 0 }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'api/invalid-input', subject: 'limit' } });
  });

  it('passes expected failures on as their code and message', async () => {
    const result = await settleCall(ctx, 'clips.get', { clip: 'no-such-clip' }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'clips/not-found' } });
  });

  it('turns a bug into internal with a ref, and logs it under the same ref', async () => {
    ctx.db.close();
    const logError = vi.fn();
    const result = await settleCall(ctx, 'store.status', {}, {}, logError);
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(error?.code).toBe('internal');
    const ref = /^internal error \(ref ([0-9a-f]{8})\): /.exec(error?.message ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(logError).toHaveBeenCalledWith(`internal error (ref ${ref})`, expect.any(Error));
  });
});
