/**
 * The import job end to end on a real SQLite file with the real ffmpeg: the shared fixtures, inputs
 * the test makes (bad files, a very short clip), labels CSVs, and re-imports.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { readIdentity } from '../media/file-identity';
import { ClipFilesStore } from '../store/clip-files-store';
import { LabelsStore } from '../store/labels-store';
import { FIXTURES_DIR, ffmpegMake, fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;

beforeEach(() => {
  temp = makeTempDir();
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
});
afterEach(() => {
  ctx.db.close();
  temp.cleanup();
});

/** Every row of the tables an import writes, to prove a later call changed nothing. */
function snapshot(): { clips: unknown[]; frames: unknown[]; labels: unknown[]; labelEdits: unknown[] } {
  const all = (table: string): unknown[] => ctx.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  return { clips: all('clips'), frames: all('frames'), labels: all('labels'), labelEdits: all('label_edits') };
}

const HEADER = `File_ID,Split,${EMOTIONS.join(',')}`;

describe('importing the fixtures folder', () => {
  it('stores the four videos with 32 samples each and reports the two images as not videos', async () => {
    const report = await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR] });
    expect(report.scanned).toBe(6);
    expect(report.imported.map((i) => i.path.split('/').pop()).sort()).toEqual(['WolfgangLanger_Pexels.mp4', 'face_noface.mov', 'no_face.mp4', 'single_face.mp4']);
    expect(report.failed.map((f) => [f.code, f.subject?.split('/').pop()])).toEqual([
      ['media/image-not-video', 'multi_face.jpg'],
      ['media/image-not-video', 'single_face.jpg'],
    ]);
    const list = await callApi(ctx, 'clips.list', {});
    expect(list.total).toBe(4);
    for (const clip of list.clips) {
      const detail = await callApi(ctx, 'clips.get', { clip: clip.id });
      expect(detail.samples).toHaveLength(32);
      expect(detail.samples[0]?.frameIndex).toBe(0);
      expect(detail.samples[31]?.frameIndex).toBe(clip.frameCount - 1);
      expect(detail.samples[0]?.audioStartS).toBe(detail.samples[0]?.frameTimeS);
    }
    const wolf = list.clips.find((c) => c.fileId === 'WolfgangLanger_Pexels');
    expect(wolf).toMatchObject({ frameCount: 472, width: 640, height: 360, hasAudio: true, audioSilent: true, sampleCount: 32, samplingMethod: 'paper' });
    expect(list.clips.find((c) => c.fileId === 'single_face')).toMatchObject({ hasAudio: true, audioSilent: false, frameCount: 72 });

    const status = await callApi(ctx, 'store.status', {});
    // --proxy needed (the default): the HEVC clip's playback copy is its own job, after the import.
    expect(status).toMatchObject({ clips: 4, withAudio: 4, jobs: [{ kind: 'proxy', state: 'done' }, { kind: 'import', state: 'done', done: 6, total: 6 }] });
    expect(report.proxies).toMatchObject({ made: [{ fileId: 'face_noface' }], notNeeded: 3, failed: [] });
    expect(status.recentErrors.map((e) => e.code)).toEqual(['media/image-not-video', 'media/image-not-video']);
  });

  it('changes nothing when the same folder is imported again', async () => {
    await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR] });
    const before = snapshot();
    const again = await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR, fixture('single_face.mp4')] });
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(4);
    expect(snapshot()).toEqual(before);
  });

  it('stops between files when cancelled, and a re-run resumes where it stopped', async () => {
    const abort = new AbortController();
    const first = await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR] }, {
      signal: abort.signal,
      onProgress: (event) => {
        if (event.done === 2) abort.abort(new Error('user cancelled'));
      },
    });
    expect(first.cancelled).toBe(true);
    const stored = first.imported.length;
    expect(stored).toBeGreaterThanOrEqual(1);
    expect(stored).toBeLessThan(4);
    const status = await callApi(ctx, 'store.status', {});
    expect(status.jobs[0]).toMatchObject({ state: 'cancelled' });
    const resumed = await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR] });
    expect([resumed.unchanged.length, resumed.imported.length]).toEqual([stored, 4 - stored]);
  });

  it('follows a clip to its new place when the old file is gone, with its id, labels and label history', async () => {
    const oldPath = join(temp.dir, 'old', '00007.mp4');
    mkdirSync(join(temp.dir, 'old'));
    writeFileSync(oldPath, readFileSync(fixture('single_face.mp4')));
    const labels = join(temp.dir, 'labels.csv');
    writeFileSync(labels, [HEADER, '[00007],Train,0.1,0.9,0,0,0,0,0.25'].join('\n'));
    await callApi(ctx, 'clips.import', { paths: [oldPath], labelsCsv: labels });
    // A second value for Amusement, so that the history holds an edit of a stored value, not only the first write.
    writeFileSync(labels, [HEADER, '[00007],Train,0.1,0.6,0,0,0,0,0.25'].join('\n'));
    await callApi(ctx, 'clips.import', { labelsCsv: labels });
    const before = await callApi(ctx, 'clips.get', { clip: '00007' });
    const historyBefore = new LabelsStore(ctx.db).history(before.id, 'gold');
    expect(historyBefore).toHaveLength(8);
    expect(before.labels).toMatchObject({ Amusement: 0.6, Surprise: 0.25 });

    const newPath = join(temp.dir, 'moved.mp4');
    renameSync(oldPath, newPath);
    const report = await callApi(ctx, 'clips.import', { paths: [newPath] });
    expect(report.relocated).toEqual([{ path: newPath, clipId: before.id }]);
    expect(report.unchanged).toEqual([]);
    expect(report.imported).toEqual([]);
    const after = await callApi(ctx, 'clips.get', { clip: '00007' });
    expect(after).toMatchObject({ path: newPath, fileState: 'ok', fileProblem: null });
    expect(after.id).toBe(before.id);
    expect(after.split).toBe('Train');
    expect(after.labels).toEqual(before.labels);
    expect(new LabelsStore(ctx.db).history(after.id, 'gold')).toEqual(historyBefore);
    expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM clips').get()).toEqual({ n: 1 });
    // The import's probe goes with the clip: its analysis reads the moved file with it, no ffprobe run.
    const probe = new ClipFilesStore(ctx.db).importProbe(after.id);
    expect(probe).toMatchObject({ media: { path: newPath, container: 'mov,mp4,m4a,3gp,3g2,mj2', video: { width: 640, height: 360 } }, identity: await readIdentity(newPath) });
    // A probe row that does not fit (written by hand, or by another version) is not used: the analysis probes again.
    ctx.db.prepare(`UPDATE clip_probes SET media_json = '{"path": 3}' WHERE clip_id = ?`).run(after.id);
    expect(new ClipFilesStore(ctx.db).importProbe(after.id)).toBeNull();
    // The same labels file still names the clip by its stored File_ID, though the file is now moved.mp4.
    expect((await callApi(ctx, 'clips.import', { labelsCsv: labels })).labels).toMatchObject({ applied: 0, unchanged: 1, failed: [] });
  });

  it('imports through a link: stores the real file and its identity, keeps the link as the path given and the name', async () => {
    const real = join(temp.dir, 'take-7.mp4');
    writeFileSync(real, readFileSync(fixture('single_face.mp4')));
    const link = join(temp.dir, '00007.mp4');
    symlinkSync(real, link);
    const report = await callApi(ctx, 'clips.import', { paths: [link] });
    expect(report.imported).toEqual([{ path: link, clipId: 1 }]);
    expect(await callApi(ctx, 'clips.get', { clip: '00007' })).toMatchObject({ path: real, importPath: link, fileState: 'ok', fileProblem: null });
    expect(new ClipFilesStore(ctx.db).file(1)?.identity).toEqual(await readIdentity(real));

    // A copy elsewhere, while the clip's own file is intact, is the same clip and moves nothing.
    const copy = join(temp.dir, 'copy.mp4');
    writeFileSync(copy, readFileSync(real));
    const again = await callApi(ctx, 'clips.import', { paths: [copy] });
    expect([again.unchanged, again.relocated]).toEqual([[{ path: copy, clipId: 1 }], []]);
    expect((await callApi(ctx, 'clips.get', { clip: 1 })).path).toBe(real);
  });

  it('gives a clip stored without sound the audio of a .wav put beside it later, once', async () => {
    const video = join(temp.dir, '00005.mp4');
    ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', video]);
    await callApi(ctx, 'clips.import', { paths: [video] });
    expect(await callApi(ctx, 'clips.get', { clip: '00005' })).toMatchObject({ hasAudio: false, audioPath: null });
    // Its analysis, made without audio, must not outlive the samples measured without it.
    ctx.db.prepare(`INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) SELECT id, 'sig', 'fau', '{}', '{}', 32, '2026-01-01' FROM clips`).run();

    const wav = join(temp.dir, '00005.wav');
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000:duration=2.4', '-c:a', 'pcm_s16le', wav]);
    const report = await callApi(ctx, 'clips.import', { paths: [video] });
    expect(report.resampled.map((r) => r.path)).toEqual([video]);
    const clip = await callApi(ctx, 'clips.get', { clip: '00005' });
    expect(clip).toMatchObject({ hasAudio: true, audioPath: wav, audioCodec: 'pcm_s16le', audioSilent: false, analysed: false, sampleCount: 32 });
    expect(clip.samples.every((s) => s.audioRmsDb !== null)).toBe(true);
    expect((await callApi(ctx, 'clips.import', { paths: [video] })).unchanged).toHaveLength(1);
  });

  it('resamples a stored clip when asked for another frame count or the authors-code variant', async () => {
    await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')] });
    // An analysis of the old samples (stood in for by its row) must not outlive them.
    ctx.db.prepare(`INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (1, 'sig', 'fau', '{}', '{}', 32, '2026-01-01')`).run();
    const report = await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')], sampling: { frameCount: 16, method: 'authors-code' } });
    expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM analyses').get()).toEqual({ n: 0 });
    expect(report.resampled).toHaveLength(1);
    const clip = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    expect(clip).toMatchObject({ sampleCount: 16, samplingMethod: 'authors-code' });
    expect(clip.samples.every((s) => s.audioPadToS === 1)).toBe(true);
    // The windows divide the decoded audio (38 696 samples = 2.4185 s), not the container's 2.43 s.
    expect(clip.samples[15]?.audioEndS).toBeCloseTo(38_696 / 16_000, 3);
    expect(clip.durationS).toBeCloseTo(2.43, 3);
  });
});

describe('bad input in a batch', () => {
  it('records a clear message per bad file, imports the rest, and leaves stored data untouched', async () => {
    await callApi(ctx, 'clips.import', { paths: [fixture('no_face.mp4')] });
    const stored = snapshot();

    const batch = join(temp.dir, 'batch');
    mkdirSync(batch);
    writeFileSync(join(batch, 'a-truncated.mp4'), readFileSync(fixture('single_face.mp4')).subarray(0, 100_000));
    writeFileSync(join(batch, 'b-cut.mp4'), readFileSync(fixture('WolfgangLanger_Pexels.mp4')).subarray(0, 300_000));
    writeFileSync(join(batch, 'c-random.mp4'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256)));
    writeFileSync(join(batch, 'd-empty.mp4'), '');
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', join(batch, 'e-tone.m4a')]);
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', '-f', 'mp4', join(batch, 'f-audio-only.mp4')]);
    ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', join(batch, 'g-no-audio.mp4')]);
    symlinkSync(join(temp.dir, 'gone.mp4'), join(batch, 'h-dangling.mp4'));
    writeFileSync(join(batch, 'i-photo.png'), readFileSync(fixture('single_face.jpg')));

    const report = await callApi(ctx, 'clips.import', { paths: [batch, join(temp.dir, 'nowhere.mp4')] });
    const codes = Object.fromEntries(report.failed.map((f) => [f.subject?.split('/').pop(), f.code]));
    expect(codes).toEqual({
      'nowhere.mp4': 'media/not-found',
      'a-truncated.mp4': 'media/truncated',
      'b-cut.mp4': 'media/truncated',
      'c-random.mp4': 'media/not-media',
      'd-empty.mp4': 'media/empty-file',
      'f-audio-only.mp4': 'media/no-video-stream',
      'h-dangling.mp4': 'media/not-found',
      'i-photo.png': 'media/image-not-video',
    });
    for (const failure of report.failed) expect(failure.message).toMatch(new RegExp(`^${failure.subject?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    // The audio-only .m4a is not a media extension a folder search picks up; the .mp4 one is tried and refused.
    expect(report.imported.map((i) => i.path.split('/').pop())).toEqual(['g-no-audio.mp4']);
    const noAudio = await callApi(ctx, 'clips.get', { clip: 'g-no-audio' });
    expect(noAudio).toMatchObject({ hasAudio: false, audioCodec: null, audioSilent: null, sampleCount: 32 });
    expect(noAudio.samples.every((s) => s.audioRmsDb === null)).toBe(true);

    const after = snapshot();
    expect(after.clips.slice(0, stored.clips.length)).toEqual(stored.clips);
    expect(after.frames.slice(0, stored.frames.length)).toEqual(stored.frames);
    const status = await callApi(ctx, 'store.status', { recentErrors: 100 });
    expect(status.recentErrors).toHaveLength(report.failed.length);
  });

  it('reports a file it may not read (as a user without root)', async () => {
    const locked = join(temp.dir, 'locked.mp4');
    writeFileSync(locked, readFileSync(fixture('single_face.mp4')));
    chmodSync(locked, 0o000);
    const report = await callApi(ctx, 'clips.import', { paths: [locked] });
    // root reads any file, so there the clip imports; for everyone else it is refused with a fix.
    if (process.getuid?.() === 0) expect(report.imported).toHaveLength(1);
    else expect(report.failed[0]).toMatchObject({ code: 'media/unreadable', message: expect.stringContaining('locked.mp4') });
    if (process.getuid?.() !== 0) return;
    // As root (CI), the refusal still runs: the import CLI as a child that is root without the two
    // capabilities that let root ignore file modes. It stays the owner of the checkout, so it can read the
    // code wherever the checkout lies, and only the locked file is closed to it.
    const child = spawnSync(
      'setpriv',
      ['--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--', process.execPath, join(REPO_ROOT, 'bin/viper.js'), '--db', join(temp.dir, 'unprivileged.db'), '--json', 'import', locked],
      { encoding: 'utf8', timeout: 50_000 },
    );
    expect(child.error, 'setpriv (util-linux) runs the import without CAP_DAC_OVERRIDE').toBeUndefined();
    expect(child.status, child.stderr).toBe(1);
    const unprivileged = JSON.parse(child.stdout) as { imported: unknown[]; failed: { code: string; message: string }[] };
    expect(unprivileged.imported).toEqual([]);
    expect(unprivileged.failed).toEqual([expect.objectContaining({ code: 'media/unreadable', message: expect.stringContaining('locked.mp4') })]);
  });

  it('samples a clip shorter than 32 frames by repeating frames', async () => {
    const short = join(temp.dir, 'short.mp4');
    ffmpegMake(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=30:duration=0.3', '-f', 'lavfi', '-i', 'sine=duration=0.3', '-shortest', '-pix_fmt', 'yuv420p', short]);
    await callApi(ctx, 'clips.import', { paths: [short] });
    const clip = await callApi(ctx, 'clips.get', { clip: 'short' });
    expect(clip.frameCount).toBe(9);
    expect(clip.samples).toHaveLength(32);
    expect(new Set(clip.samples.map((s) => s.frameIndex)).size).toBe(9);
    expect(clip.samples[31]?.audioEndS).toBeCloseTo(8 / 30, 6);
  });
});

describe('labels', () => {
  const csv = (rows: string[]): string => [HEADER, ...rows].join('\n');

  it('applies a labels CSV, keeps an edit history, and exports the same layout back', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, csv(['[single_face],Train,0.1,0.9,0,0,0,0,0.25', '[no_face],Val,0,0,0.5,0,0,0.5,0', '[face_noface],Test,,,,,,,']));
    const report = await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR], labelsCsv: file });
    expect(report.labels).toMatchObject({ rows: 3, applied: 3, unchanged: 0, failed: [] });
    const exported = await callApi(ctx, 'labels.export', { includeUnlabelled: true });
    expect(exported.csv.trim().split('\n').sort()).toEqual(readFileSync(file, 'utf8').trim().split('\n').sort());

    writeFileSync(file, csv(['[single_face],Train,0.1,0.7,0,0,0,0,0.25', '[no_face],Val,0,0,0.5,0,0,0.5,0', '[face_noface],Test,,,,,,,']));
    const second = await callApi(ctx, 'clips.import', { labelsCsv: file });
    expect(second.labels).toMatchObject({ applied: 1, unchanged: 2 });
    const clip = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    const history = new LabelsStore(ctx.db).history(clip.id, 'gold');
    expect(history.at(-1)).toMatchObject({ emotion: 'Amusement', oldValue: 0.9, newValue: 0.7, editedBy: 'tester', source: 'import' });
    expect(history.filter((edit) => edit.oldValue === null)).toHaveLength(7);
    expect((await callApi(ctx, 'labels.export', { split: 'Val' })).rows).toBe(1);
  });

  it('stores only the split from a row whose seven values are empty, keeping stored values and history', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, csv(['[single_face],Train,0.1,0.9,0,0,0,0,0.25']));
    await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')], labelsCsv: file });
    const clip = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    const store = new LabelsStore(ctx.db);
    const stored = store.get(clip.id, 'gold');
    const history = store.history(clip.id, 'gold');
    expect(history).toHaveLength(7);

    writeFileSync(file, csv(['[single_face],Test,,,,,,,']));
    const report = await callApi(ctx, 'clips.import', { labelsCsv: file });
    expect(report.labels).toMatchObject({ rows: 1, applied: 1, failed: [] });
    const after = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    expect(after.split).toBe('Test');
    expect(after.labels).toEqual({ Adoration: 0.1, Amusement: 0.9, Anxiety: 0, Disgust: 0, 'Empathic-Pain': 0, Fear: 0, Surprise: 0.25 });
    expect(store.get(clip.id, 'gold')).toEqual(stored);
    expect(store.history(clip.id, 'gold')).toEqual(history);

    // The same row again changes nothing at all.
    const before = snapshot();
    expect((await callApi(ctx, 'clips.import', { labelsCsv: file })).labels).toMatchObject({ applied: 0, unchanged: 1 });
    expect(snapshot()).toEqual(before);
  });

  it('rejects bad rows one by one and changes no stored label', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, csv(['[single_face],Train,0.1,0.9,0,0,0,0,0.25']));
    await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR], labelsCsv: file });
    const before = snapshot();
    writeFileSync(file, csv(['[single_face],Train,0.1,oops,0,0,0,0,0.25', '[no_face],Val,0,0,1.5,0,0,0,0', '[99999],Train,0,0,0,0,0,0,0', '[face_noface],Val,0,0,0,0,0,0,0', '[face_noface],Val,0,0,0,0,0,0,1']));
    const report = await callApi(ctx, 'clips.import', { labelsCsv: file });
    expect(report.labels?.failed.map((f) => f.code).sort()).toEqual(['labels/bad-value', 'labels/duplicate-id', 'labels/out-of-range', 'labels/unknown-id']);
    expect(report.labels?.failed.find((f) => f.code === 'labels/unknown-id')?.message).toContain('File_ID 99999 matches no imported clip');
    expect(snapshot()).toEqual(before);
  });

  it('rejects a CSV that lacks a column as a whole, and says which', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, 'File_ID,Split,Adoration\n[single_face],Train,0.5\n');
    const report = await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')], labelsCsv: file });
    expect(report.imported).toHaveLength(1);
    expect(report.labels?.failed[0]).toMatchObject({ code: 'labels/missing-column', message: expect.stringContaining('Amusement, Anxiety, Disgust, Empathic-Pain, Fear, Surprise') });
  });

  it('refuses a UTF-16 file and a header naming a column twice as a whole, changing nothing', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, csv(['[single_face],Train,0.1,0.9,0,0,0,0,0.25']));
    await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')], labelsCsv: file });
    const before = snapshot();

    // What Excel's "Unicode Text" or PowerShell's `>` write: UTF-16 LE with a byte order mark.
    writeFileSync(file, Buffer.from(`\uFEFF${csv(['[single_face],Val,0.2,0.9,0,0,0,0,0.25'])}`, 'utf16le'));
    const utf16 = await callApi(ctx, 'clips.import', { labelsCsv: file });
    expect(utf16.labels).toMatchObject({ applied: 0, failed: [{ code: 'labels/wrong-encoding', subject: file, message: expect.stringContaining(`${file}: the file is UTF-16 (little-endian) text`) }] });

    writeFileSync(file, `${HEADER},Amusement\n[single_face],Val,0.2,0.9,0,0,0,0,0.25,0.1\n`);
    const twice = await callApi(ctx, 'clips.import', { labelsCsv: file });
    expect(twice.labels?.failed).toEqual([
      { code: 'labels/duplicate-column', subject: `${file}:1`, message: expect.stringContaining('"Amusement" (column 4) and "Amusement" (column 10)') },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('stores extra columns as clip metadata, says so once, and filters the list by them', async () => {
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, `${HEADER},Age,Country\n[single_face],Train,0.1,0.9,0,0,0,0,0.25,25,USA\n[no_face],Test,nan,nan,nan,nan,nan,nan,nan,NA,India\n`);
    const report = await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), fixture('no_face.mp4')], labelsCsv: file });
    expect(report.labels).toMatchObject({ applied: 2, failed: [], warnings: [expect.stringContaining('column(s) Age, Country are not labels; they are kept as clip metadata')] });
    expect((await callApi(ctx, 'clips.get', { clip: 'single_face' })).metadata).toEqual({ Age: '25', Country: 'USA' });
    expect(await callApi(ctx, 'clips.get', { clip: 'no_face' })).toMatchObject({ split: 'Test', labels: null, metadata: { Country: 'India' } });
    const listed = await callApi(ctx, 'clips.list', { metadata: [{ key: 'country', value: 'india' }] });
    expect(listed.clips.map((c) => c.fileId)).toEqual(['no_face']);
    expect((await callApi(ctx, 'clips.list', { metadata: [{ key: 'Country', value: 'Peru' }] })).total).toBe(0);
  });

  it('matches File_IDs written with or without leading zeros', async () => {
    const clipPath = join(temp.dir, '00042.mp4');
    writeFileSync(clipPath, readFileSync(fixture('single_face.mp4')));
    const file = join(temp.dir, 'labels.csv');
    writeFileSync(file, csv(['[42],Train,0.5,0.5,0.5,0.5,0.5,0.5,0.5']));
    const report = await callApi(ctx, 'clips.import', { paths: [clipPath], labelsCsv: file });
    expect(report.labels?.applied).toBe(1);
    expect((await callApi(ctx, 'clips.get', { clip: '00042' })).labels?.Fear).toBe(0.5);
  });
});

describe('input validation', () => {
  it('rejects malformed calls with the field that is wrong', async () => {
    await expect(callApi(ctx, 'clips.import', { paths: [] })).rejects.toMatchObject({ code: 'api/invalid-input', message: expect.stringContaining('paths') });
    await expect(callApi(ctx, 'clips.import', { paths: ['x'], sampling: { frameCount: 1 } })).rejects.toMatchObject({ code: 'api/invalid-input', subject: 'sampling.frameCount' });
    await expect(callApi(ctx, 'clips.list', { split: 'Holdout' })).rejects.toMatchObject({ code: 'api/invalid-input', subject: 'split' });
    await expect(callApi(ctx, 'clips.get', { clip: 'nope' })).rejects.toMatchObject({ code: 'clips/not-found' });
  });
});
