/**
 * A database that cannot be written is the machine's problem, not a bug: the CLI exits 3 with the file and
 * the fix and no stack trace, and what was stored before is intact. Made for real: a read-only file and
 * folder for a process without root's file-mode override (setpriv, as the unreadable-file test does), and a
 * refused write as a file-size limit (ulimit -f) on the process that writes.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';

let temp: ReturnType<typeof makeTempDir>;
let dbDir: string;
let dbPath: string;
let labelsCsv: string;

/** Every row the commands below could change. */
async function snapshot(): Promise<unknown> {
  const ctx = createApiContext(dbPath, { actor: 'check', env: {} });
  try {
    return { clips: await callApi(ctx, 'clips.list', {}), labels: await callApi(ctx, 'labels.get', { clip: '00001' }) };
  } finally {
    ctx.close();
  }
}

beforeEach(async () => {
  temp = makeTempDir('viper-unwritable-');
  dbDir = join(temp.dir, 'db');
  dbPath = join(dbDir, 'viper.db');
  mkdirSync(dbDir);
  const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
  storeClip(ctx, '00001', join(temp.dir, '00001.mp4'));
  await callApi(ctx, 'labels.save', { clip: '00001', values: Object.fromEntries(EMOTIONS.map((e) => [e, 0.25])) as never, expectedVersion: 0 });
  ctx.close();
  labelsCsv = join(temp.dir, 'labels.csv');
  writeFileSync(labelsCsv, [`File_ID,Split,${EMOTIONS.join(',')}`, '00001,Train,0.9,0.9,0.9,0.9,0.9,0.9,0.9'].join('\n'));
});
afterEach(() => {
  chmodSync(dbDir, 0o755);
  temp.cleanup();
});

/** What a user sees: an environment error, exit 3, naming the database, with no stack trace. */
function expectEnvironmentError(run: ReturnType<typeof spawnSync>, codes: string[]): void {
  const stdout = String(run.stdout);
  const stderr = String(run.stderr);
  expect(run.status, `${stdout}\n${stderr}`).toBe(3);
  const error = (JSON.parse(stdout) as { error?: { code: string; message: string } }).error;
  expect(codes).toContain(error?.code);
  expect(error?.message).toContain(dbPath);
  expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('a database that cannot be written', () => {
  it('read-only file and folder: exit 3 with the file and the fix, nothing changed', async () => {
    const before = await snapshot();
    chmodSync(dbPath, 0o444);
    chmodSync(dbDir, 0o555);
    const run = spawnSync(
      'setpriv',
      ['--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--', process.execPath, join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, '--json', 'import', '--labels', labelsCsv],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.error, 'setpriv (util-linux) runs viper without CAP_DAC_OVERRIDE').toBeUndefined();
    expectEnvironmentError(run, ['store/read-only', 'store/open-failed']);
    chmodSync(dbDir, 0o755);
    chmodSync(dbPath, 0o644);
    expect(await snapshot()).toEqual(before);
  });

  // The limit refuses a page write with EFBIG, which SQLite reports as an I/O error (a real full disk's ENOSPC
  // is SQLITE_FULL, store/disk-full): either way an environment error naming the file, never a crash.
  it('a write the file system refuses (a file-size limit, as a full disk would): exit 3, nothing changed', async () => {
    const before = await snapshot();
    // 8 KiB: the write-ahead log's header and one page fit, the import's first transaction does not.
    const run = spawnSync('bash', ['-c', 'ulimit -f 8 && exec "$@"', 'viper', process.execPath, '--import', 'tsx', join(REPO_ROOT, 'src/main/store/size-limited-viper.test-child.ts'), '--db', dbPath, '--json', 'import', '--labels', labelsCsv], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: REPO_ROOT,
      // tsx writes no compile cache, so only the database's own files meet the limit.
      env: { ...process.env, TSX_DISABLE_CACHE: '1' },
    });
    expectEnvironmentError(run, ['store/disk-full', 'store/io-failed']);
    expect(await snapshot()).toEqual(before);
  });
});
