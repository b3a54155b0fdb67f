/**
 * Re-importing a labels CSV after an annotator corrected a value in the app: the correction is kept and
 * reported as a conflict (file, line, clip, emotion, both values, author), never silently replaced;
 * --overwrite replaces it and says so in the history. Real SQLite, real ffmpeg, the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { LabelsStore } from '../store/labels-store';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
let labelsFile: string;
let dbPath: string;

const HEADER = `File_ID,Split,${EMOTIONS.join(',')}`;
// Adoration, Amusement, Anxiety, Disgust, Empathic-Pain, Fear, Surprise
const ROWS = ['[single_face],Train,0.1,0.85,0,0,0,0,0.25', '[no_face],Val,0,0,0.5,0,0,0.5,0'];

beforeEach(async () => {
  temp = makeTempDir();
  dbPath = join(temp.dir, 'viper.db');
  ctx = createApiContext(dbPath, { actor: 'importer' });
  labelsFile = join(temp.dir, 'labels.csv');
  writeFileSync(labelsFile, [HEADER, ...ROWS].join('\n'));
  await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), fixture('no_face.mp4')], labelsCsv: labelsFile });
});
afterEach(() => {
  ctx.db.close();
  temp.cleanup();
});

/** The annotator's correction in review: Amusement 0.85 → 0.60 on single_face, saved as the page saves it. */
async function correctInReview(): Promise<number> {
  const loaded = await callApi(ctx, 'labels.get', { clip: 'single_face' });
  const values = { ...loaded.values!, Amusement: 0.6 };
  await callApi(ctx, 'labels.save', { clip: 'single_face', values, expectedVersion: loaded.version, editedBy: 'ana' });
  return loaded.clipId;
}

const viper = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, '--user', 'importer', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('re-importing labels over corrections made in the app', () => {
  it('keeps the correction, reports the conflict, records it with the job, and leaves the history as it was', async () => {
    const clipId = await correctInReview();
    const historyBefore = new LabelsStore(ctx.db).history(clipId, 'gold');

    const report = await callApi(ctx, 'clips.import', { labelsCsv: labelsFile });
    expect(report.labels).toMatchObject({ rows: 2, applied: 0, unchanged: 1, conflicting: 1, failed: [] });
    expect(report.labels?.conflicts).toEqual([
      { file: labelsFile, line: 2, clipId, fileId: 'single_face', emotion: 'Amusement', appValue: 0.6, appEditedBy: 'ana', appEditedAt: expect.any(String), appSource: 'ui', csvValue: 0.85 },
    ]);
    expect((await callApi(ctx, 'labels.get', { clip: 'single_face' })).values?.Amusement).toBe(0.6);
    expect(new LabelsStore(ctx.db).history(clipId, 'gold')).toEqual(historyBefore);

    const status = await callApi(ctx, 'store.status', { recentErrors: 5 });
    const recorded = status.recentErrors.find((error) => error.code === 'labels/conflict');
    expect(recorded?.message).toContain(`${labelsFile} line 2: single_face Amusement kept at 0.60 (edited in the app by ana`);
    expect(recorded?.message).toContain("not the CSV's 0.85");
    // A kept value is the user's data winning, not a failure: the job says so apart from its failures.
    expect(status.jobs.find((job) => job.id === recorded?.jobId)).toMatchObject({ state: 'done', failed: 0, conflictsKept: 1 });
  });

  it('still applies the CSV values the app did not touch, on the same row', async () => {
    const clipId = await correctInReview();
    writeFileSync(labelsFile, [HEADER, '[single_face],Train,0.3,0.85,0,0,0,0,0.25', ROWS[1]].join('\n'));
    const report = await callApi(ctx, 'clips.import', { labelsCsv: labelsFile });
    expect(report.labels).toMatchObject({ applied: 1, unchanged: 1, conflicting: 1 });
    const labels = await callApi(ctx, 'labels.get', { clip: clipId });
    expect(labels.values).toMatchObject({ Adoration: 0.3, Amusement: 0.6 });
    expect(labels.history.at(-1)).toMatchObject({ emotion: 'Adoration', oldValue: 0.1, newValue: 0.3, source: 'import' });
  });

  it('replaces the correction with --overwrite, recorded in the history, and a later import is no conflict', async () => {
    const clipId = await correctInReview();
    const forced = await callApi(ctx, 'clips.import', { labelsCsv: labelsFile, overwrite: true });
    expect(forced.labels).toMatchObject({ applied: 1, conflicting: 0, conflicts: [] });
    const labels = await callApi(ctx, 'labels.get', { clip: clipId });
    expect(labels.values?.Amusement).toBe(0.85);
    expect(labels.history.at(-1)).toMatchObject({ emotion: 'Amusement', oldValue: 0.6, newValue: 0.85, editedBy: 'importer', source: 'import:overwrite' });
    expect((await callApi(ctx, 'clips.import', { labelsCsv: labelsFile })).labels).toMatchObject({ applied: 0, unchanged: 2, conflicting: 0 });
  });

  it('viper import prints applied / unchanged / conflicting / rejected and each kept value, and exits 1', async () => {
    await correctInReview();
    ctx.db.close();
    const run = viper('import', '--labels', labelsFile);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain(`labels ${labelsFile}: 0 rows applied, 1 unchanged, 1 conflicting, 0 rejected`);
    expect(run.stdout).toMatch(/! line 2 single_face Amusement: app 0\.60 \(ana, [^)]+\) kept, CSV 0\.85/);
    const forced = viper('import', '--labels', labelsFile, '--overwrite');
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('1 rows applied, 1 unchanged, 0 conflicting, 0 rejected');
    ctx = createApiContext(dbPath, { actor: 'importer' });
  });
});
