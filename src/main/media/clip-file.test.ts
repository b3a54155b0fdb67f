// How often a clip's file is hashed while a <video> seeks: never while its identity is the one recorded,
// once per new identity after that. Real files and a real database; the hash is the real one, counted.
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiContext, type ApiContext } from '../api/context';
import { ClipFilesStore } from '../store/clip-files-store';
import { fixture, makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { ClipFiles } from './clip-file';
import { hashFile, hashOpenFile } from './content-hash';

vi.mock('./content-hash', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./content-hash')>();
  return { ...actual, hashOpenFile: vi.fn(actual.hashOpenFile) };
});

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let path: string;
let clipId: number;

beforeEach(async () => {
  temp = makeTempDir('viper-clip-file-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester', env: {} });
  path = join(temp.dir, 'clip.mp4');
  writeFileSync(path, readFileSync(fixture('single_face.mp4')));
  clipId = storeClip(ctx, 'clip', path, await hashFile(path));
  vi.mocked(hashOpenFile).mockClear();
});

afterEach(() => {
  ctx.close();
  temp.cleanup();
});

/** A burst of range requests as a seeking <video> sends them: each opens, then closes, the file. */
async function burst(count: number): Promise<string[]> {
  const guard = ClipFiles.of(ctx.db);
  return Promise.all(
    Array.from({ length: count }, async () => {
      const file = new ClipFilesStore(ctx.db).file(clipId);
      if (!file) throw new Error('clip row gone');
      try {
        await (await guard.open(file)).handle.close();
        return 'served';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    }),
  );
}

const hashes = (): number => vi.mocked(hashOpenFile).mock.calls.length;

describe('ClipFiles: checks of a clip file', () => {
  it('serves the file as imported with no hash at all', async () => {
    expect(await burst(8)).toEqual(Array(8).fill('served'));
    expect(hashes()).toBe(0);
  });

  it('hashes a touched file once for a burst, then records its identity and hashes no more', async () => {
    const { atime, mtimeMs } = statSync(path);
    utimesSync(path, atime, new Date(mtimeMs + 60_000));
    expect(await burst(6)).toEqual(Array(6).fill('served'));
    expect(hashes()).toBe(1);
    expect(await burst(6)).toEqual(Array(6).fill('served'));
    expect(hashes()).toBe(1);
  });

  it('hashes a replaced file once, and refuses every request for that version of it', async () => {
    writeFileSync(path, readFileSync(fixture('no_face.mp4')));
    expect(await burst(6)).toEqual(Array(6).fill('media/changed'));
    expect(await burst(6)).toEqual(Array(6).fill('media/changed'));
    expect(hashes()).toBe(1);
    expect(new ClipFilesStore(ctx.db).file(clipId)?.state).toBe('moved-or-changed');
  });

  it('settles a row without identity (stored before 012) by one hash, then records the identity', async () => {
    ctx.db.prepare('UPDATE clips SET file_mtime_ms = NULL, file_dev = NULL, file_ino = NULL WHERE id = ?').run(clipId);
    expect(await burst(4)).toEqual(Array(4).fill('served'));
    expect(hashes()).toBe(1);
    expect(new ClipFilesStore(ctx.db).file(clipId)?.identity).not.toBeNull();
    expect(await burst(4)).toEqual(Array(4).fill('served'));
    expect(hashes()).toBe(1);
  });
});
