/**
 * Two real processes on one SQLite file, as two users (or a user and a script) run them: two
 * `viper import`s of one folder started together, and two `viper serve`s taking label saves at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { createApiContext } from '../api/context';
import { REPO_ROOT, ffmpegMake, fixture, makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { openStore } from './database';

const temp = makeTempDir('viper-two-processes-');
afterAll(() => temp.cleanup());

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startViper(args: string[]): { child: ChildProcess; finished: Promise<Finished> } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], { env: { ...process.env, VIPER_USER: 'two-processes' } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, finished };
}

describe('two `viper import`s of one folder at once', () => {
  const CLIPS = 8;
  const folder = join(temp.dir, 'clips');

  beforeAll(() => {
    mkdirSync(folder);
    // Distinct small clips (other start times, so other bytes) cut from a fixture with the real ffmpeg.
    for (let i = 0; i < CLIPS; i += 1) {
      ffmpegMake(['-ss', (i * 0.12).toFixed(2), '-i', fixture('single_face.mp4'), '-t', '1', '-vf', 'scale=160:-2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', join(folder, `clip${i}.mp4`)]);
    }
  }, 60_000);

  it('both exit 0, every clip is stored once, and the second skips what the first stored', async () => {
    const db = join(temp.dir, 'import.db');
    const runs = [0, 1].map(() => startViper(['--json', '--db', db, 'import', folder, '--frames', '8']));
    const finished = await Promise.all(runs.map((run) => run.finished));
    for (const run of finished) expect(run.code, run.stderr).toBe(0);
    const reports = finished.map((run) => JSON.parse(run.stdout) as { imported: { path: string }[]; unchanged: { path: string }[]; failed: unknown[] });
    for (const report of reports) {
      expect(report.failed).toEqual([]);
      expect(report.imported.length + report.unchanged.length).toBe(CLIPS);
    }
    // Each file was imported by exactly one of the two.
    const imported = reports.flatMap((report) => report.imported.map((entry) => entry.path)).sort();
    expect(imported).toEqual(Array.from({ length: CLIPS }, (_, i) => join(folder, `clip${i}.mp4`)).sort());

    const store = openStore(db);
    try {
      expect(store.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT content_hash) AS hashes FROM clips').get()).toEqual({ n: CLIPS, hashes: CLIPS });
      expect(store.prepare('SELECT COUNT(*) AS n FROM frames').get()).toEqual({ n: CLIPS * 8 });
      expect(store.prepare(`SELECT state, COUNT(*) AS n FROM jobs GROUP BY state`).all()).toEqual([{ state: 'done', n: 2 }]);
    } finally {
      store.close();
    }
  }, 180_000);
});

describe('two `viper serve`s saving labels on one database', () => {
  const db = join(temp.dir, 'serve.db');
  const CLIPS = 3;
  const EDITORS_PER_SERVER = 8;
  const SAVES_PER_EDITOR = 20;
  const servers: { child: ChildProcess; origin: string; token: string }[] = [];
  const clipIds: number[] = [];

  beforeAll(async () => {
    const ctx = createApiContext(db, { actor: 'setup', env: {} });
    for (let i = 0; i < CLIPS; i += 1) clipIds.push(storeClip(ctx, `clip${i}`, join(temp.dir, `clip${i}.mp4`)));
    ctx.close();
    for (let i = 0; i < 2; i += 1) {
      const { child } = startViper(['--json', '--db', db, 'serve', '--port', '0']);
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve((JSON.parse(line) as { url: string }).url);
        });
        child.once('exit', (code) => reject(new Error(`viper serve exited ${code} before printing its address`)));
      });
      const parsed = new URL(url);
      servers.push({ child, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '' });
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(({ child }) => new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })),
    );
  });

  async function call(server: (typeof servers)[number], name: string, body: unknown): Promise<{ status: number; body: { ok: boolean; value?: { version: number }; error?: { code: string; message: string } } }> {
    const response = await fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Viper-Token': server.token },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  it('answers every save 200 or 409 with the stored values, never 500, and keeps every winning save', async () => {
    const statuses = new Map<number, number>();
    const conflicts: string[] = [];
    const wins = new Map<number, number>(clipIds.map((id) => [id, 0]));
    let level = 0;
    // Each editor loads a clip's labels from its server, then saves new values naming that version.
    const editor = async (server: (typeof servers)[number], e: number): Promise<void> => {
      for (let s = 0; s < SAVES_PER_EDITOR; s += 1) {
        const clip = clipIds[(e + s) % CLIPS] as number;
        const loaded = await call(server, 'labels.get', { clip });
        expect(loaded.status).toBe(200);
        // Every save sends values no other save sends, so each one that is accepted changes the row.
        level += 1;
        const values = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, level / 1000])) as EmotionVector;
        const saved = await call(server, 'labels.save', { clip, values, expectedVersion: loaded.body.value?.version, editedBy: `editor${e}` });
        statuses.set(saved.status, (statuses.get(saved.status) ?? 0) + 1);
        if (saved.status === 200) wins.set(clip, (wins.get(clip) ?? 0) + 1);
        else conflicts.push(`${saved.status} ${saved.body.error?.code}: ${saved.body.error?.message}`);
      }
    };
    await Promise.all(servers.flatMap((server, i) => Array.from({ length: EDITORS_PER_SERVER }, (_, e) => editor(server, i * EDITORS_PER_SERVER + e))));

    const total = 2 * EDITORS_PER_SERVER * SAVES_PER_EDITOR;
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect(statuses.get(500) ?? 0).toBe(0);
    for (const conflict of conflicts) {
      // The loser is told who won and with which values: "... (version N) after you loaded version M: Adoration 0.xx, ..."
      expect(conflict).toMatch(/^409 labels\/conflict: clip \d+: editor\d+ saved these labels at \S+ \(version \d+\) after you loaded version \d+: Adoration \d\.\d\d, Amusement/);
    }
    // Every save answered 200 is in the database: each raised its clip's version by one.
    const store = openStore(db, { readonly: true });
    try {
      for (const clipId of clipIds) {
        const row = store.prepare(`SELECT version FROM labels WHERE clip_id = ? AND annotator = 'gold'`).get(clipId) as { version: number } | undefined;
        expect(row?.version ?? 0).toBe(wins.get(clipId));
      }
    } finally {
      store.close();
    }
    process.stdout.write(`two viper serve: ${total} saves, ${JSON.stringify(Object.fromEntries(statuses))} by HTTP status\n`);
  }, 180_000);
});
