/**
 * One test per migration, as in Signal's migration tests: build the schema at N−1, store rows,
 * migrate to N, and check the old rows survived and the new schema takes new rows.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures';
import { ClipsStore } from './clips-store';
import { migrate, openStore, schemaVersion, type Db } from './database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/all-migrations';
import { migration013 } from './migrations/013-playback-proxies';

let temp: ReturnType<typeof makeTempDir>;
let dbPath: string;
let db: Db | undefined;

beforeEach(() => {
  temp = makeTempDir();
  dbPath = join(temp.dir, 'viper.db');
});
afterEach(() => {
  db?.close();
  db = undefined;
  temp.cleanup();
});

const at = '2026-11-25T00:00:00.000Z';

function insertClip(database: Db, id: number, extra = ''): void {
  database
    .prepare(
      `INSERT INTO clips (id, file_id, path, content_hash, size_bytes, container, duration_s, fps, frame_count, width, height,
         video_codec, has_audio, imported_at${extra ? ', ' + extra.split('=')[0] : ''})
       VALUES (?, ?, ?, ?, 10, 'mp4', 2.5, 30, 75, 640, 360, 'h264', 1, ?${extra ? ', ?' : ''})`,
    )
    .run(...[id, `clip${id}`, `/videos/clip${id}.mp4`, `hash${id}`, at, ...(extra ? [extra.split('=')[1]] : [])]);
}

function rows(database: Db, table: string): unknown[] {
  return database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

describe('migrations', () => {
  it('001 creates clips with a unique content hash', () => {
    db = openStore(dbPath, { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    insertClip(db, 1);
    expect(() => db?.prepare(`INSERT INTO clips SELECT * FROM clips`).run()).toThrow(/UNIQUE/);
  });

  it('002 adds labels and their history and keeps existing clips', () => {
    db = openStore(dbPath, { targetVersion: 1 });
    insertClip(db, 1);
    const before = rows(db, 'clips');
    migrate(db, 2);
    expect(rows(db, 'clips')).toEqual((before as object[]).map((row) => ({ ...row, label_file_id: null })));
    db.prepare(`INSERT INTO labels (clip_id, annotator, adoration, updated_at, updated_by) VALUES (1, 'gold', 0.5, ?, 'me')`).run(at);
    expect(() => db?.prepare(`INSERT INTO labels (clip_id, annotator, fear, updated_at, updated_by) VALUES (1, 'ann', 1.5, ?, 'me')`).run(at)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO label_edits (clip_id, annotator, emotion, old_value, new_value, edited_by, edited_at, source) VALUES (1, 'gold', 'Fear', NULL, 0.2, 'me', ?, 'ui')`).run(at);
    expect(rows(db, 'label_edits')).toHaveLength(1);
  });

  it('003 adds frames and the sampling columns, existing clips default to the paper sampling', () => {
    db = openStore(dbPath, { targetVersion: 2 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO labels (clip_id, annotator, adoration, updated_at, updated_by) VALUES (1, 'gold', 0.5, ?, 'me')`).run(at);
    const labelsBefore = rows(db, 'labels');
    migrate(db, 3);
    expect(rows(db, 'labels')).toEqual(labelsBefore);
    expect(db.prepare('SELECT sampling_method, sample_count, audio_silent FROM clips').get()).toEqual({ sampling_method: 'paper', sample_count: 0, audio_silent: null });
    db.prepare(`INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s) VALUES (1, 0, 0, 0, 0, 0, 0.1)`).run();
    expect(() => db?.prepare(`INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s) VALUES (99, 0, 0, 0, 0, 0, 0.1)`).run()).toThrow(/FOREIGN KEY/);
  });

  it('004 adds models, features and captions', () => {
    db = openStore(dbPath, { targetVersion: 3 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s) VALUES (1, 0, 0, 0, 0, 0, 0.1)`).run();
    const framesBefore = rows(db, 'frames');
    migrate(db, 4);
    expect(rows(db, 'frames')).toEqual(framesBefore);
    db.prepare(`INSERT INTO features (clip_id, modality, model_id, shape_json, dtype, data, created_at) VALUES (1, 'fau', 'm', '[32,32]', 'float32', ?, ?)`).run(Buffer.alloc(16), at);
    db.prepare(`INSERT INTO captions (clip_id, sample_index, template_id, text, score) VALUES (1, 0, 'amusement-1', 'a person laughing', 0.8)`).run();
    db.prepare(`INSERT INTO models (id, stage, path, sha256, manifest_json, installed_at) VALUES ('blazeface', 'detector', 'models/b.onnx', 'ab', '{}', ?)`).run(at);
    expect(rows(db, 'features')).toHaveLength(1);
  });

  it('005 adds fusion runs and predictions', () => {
    db = openStore(dbPath, { targetVersion: 4 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO captions (clip_id, sample_index, template_id, text, score) VALUES (1, 0, 't', 'x', 0.5)`).run();
    const captionsBefore = rows(db, 'captions');
    migrate(db, 5);
    expect(rows(db, 'captions')).toEqual(captionsBefore);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'image,fau', '{}', 'done')`).run(at);
    db.prepare(`INSERT INTO predictions VALUES (1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ?)`).run(at);
    expect(rows(db, 'predictions')).toHaveLength(1);
  });

  it('006 adds jobs and their errors', () => {
    db = openStore(dbPath, { targetVersion: 5 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'image', '{}', 'done')`).run(at);
    const runsBefore = rows(db, 'fusion_runs');
    migrate(db, 6);
    expect(rows(db, 'fusion_runs')).toEqual(runsBefore);
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, started_at) VALUES (1, 'import', 'running', '{}', ?)`).run(at);
    db.prepare(`INSERT INTO job_errors (job_id, subject, code, message, at) VALUES (1, 'x.mp4', 'media/empty-file', 'x.mp4: empty', ?)`).run(at);
    expect(() => db?.prepare(`INSERT INTO jobs (kind, state, params_json, started_at) VALUES ('import', 'sleeping', '{}', ?)`).run(at)).toThrow(/CHECK/);
  });

  it('007 adds the per-frame analysis columns and the text embedding cache', () => {
    db = openStore(dbPath, { targetVersion: 6 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s, face_score) VALUES (1, 0, 0, 0, 0, 0, 0.1, 0.9)`).run();
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, started_at) VALUES (1, 'import', 'done', '{}', ?)`).run(at);
    const [framesBefore, jobsBefore] = [rows(db, 'frames'), rows(db, 'jobs')];
    migrate(db, 7);
    expect(rows(db, 'jobs')).toEqual(jobsBefore);
    expect(rows(db, 'frames')).toEqual((framesBefore as object[]).map((row) => ({ ...row, head_yaw_deg: null, head_pitch_deg: null, head_roll_deg: null, landmarks33: null, speech_prob: null })));
    db.prepare(`INSERT INTO text_embeddings VALUES ('wink-sg-100d', 'abc', 'a person laughing', 100, ?)`).run(Buffer.alloc(400));
    expect(() => db?.prepare(`INSERT INTO text_embeddings VALUES ('wink-sg-100d', 'abc', 'again', 100, ?)`).run(Buffer.alloc(400))).toThrow(/UNIQUE/);
  });

  it('008 adds run bookkeeping, per-epoch metrics and prediction attention', () => {
    db = openStore(dbPath, { targetVersion: 7 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'image,fau', '{}', 'done')`).run(at);
    db.prepare(`INSERT INTO predictions VALUES (1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ?)`).run(at);
    const [runsBefore, predictionsBefore] = [rows(db, 'fusion_runs'), rows(db, 'predictions')];
    migrate(db, 8);
    expect(rows(db, 'predictions')).toEqual(predictionsBefore);
    expect(rows(db, 'fusion_runs')).toEqual((runsBefore as object[]).map((row) => ({ ...row, finished_at: null, chosen_epoch: null, onnx_path: null, error_json: null })));
    db.prepare(`INSERT INTO fusion_epochs VALUES (1, 1, 0.05, 0.3, 1e-5, 1200)`).run();
    db.prepare(`INSERT INTO prediction_attention VALUES (1, 1, ?, ?)`).run(Buffer.alloc(128), Buffer.alloc(1024));
    expect(() => db?.prepare(`INSERT INTO prediction_attention VALUES (1, 99, ?, ?)`).run(Buffer.alloc(4), Buffer.alloc(4))).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM fusion_runs WHERE id = 1').run();
    expect(rows(db, 'prediction_attention')).toHaveLength(0);
    expect(rows(db, 'fusion_epochs')).toHaveLength(0);
  });

  it('009 adds the analyses table and keeps the text embedding cache', () => {
    db = openStore(dbPath, { targetVersion: 8 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO text_embeddings VALUES ('m', 'h', 'a person smiling', 1, ?)`).run(Buffer.alloc(4));
    const before = rows(db, 'text_embeddings');
    migrate(db, 9);
    expect(rows(db, 'text_embeddings')).toEqual(before);
    db.prepare(`INSERT INTO analyses VALUES (1, 'sig', 'image,fau', '{}', '{}', 30, ?)`).run(at);
    expect(() => db?.prepare(`INSERT INTO analyses VALUES (2, 'sig', 'image', '{}', '{}', 0, ?)`).run(at)).toThrow(/FOREIGN KEY/);
  });

  it('010 records job owners and heartbeats, and links fusion runs to their job', () => {
    db = openStore(dbPath, { targetVersion: 9 });
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, done, total, started_at) VALUES (1, 'import', 'running', '{"paths":["/v"]}', 2, 5, ?)`).run(at);
    db.prepare(`INSERT INTO job_errors (job_id, subject, code, message, at) VALUES (1, 'x.mp4', 'media/empty-file', 'x.mp4: empty', ?)`).run(at);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'fau', '{}', 'cancelled')`).run(at);
    const [jobsBefore, errorsBefore, runsBefore] = [rows(db, 'jobs'), rows(db, 'job_errors'), rows(db, 'fusion_runs')];
    migrate(db, 10);
    expect(rows(db, 'jobs')).toEqual((jobsBefore as object[]).map((row) => ({ ...row, owner_pid: null, owner_host: null, owner_started: null, heartbeat_at: null })));
    expect(rows(db, 'job_errors')).toEqual(errorsBefore);
    expect(rows(db, 'fusion_runs')).toEqual((runsBefore as object[]).map((row) => ({ ...row, job_id: null })));
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, started_at, owner_pid, owner_host, owner_started, heartbeat_at) VALUES (2, 'train', 'running', '{"runId":1}', ?, 4242, 'lab-1', 'boot:123', ?)`).run(at, at);
    db.prepare('UPDATE fusion_runs SET job_id = 2 WHERE id = 1').run();
    expect(() => db?.prepare('UPDATE fusion_runs SET job_id = 99 WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM jobs WHERE id = 2').run();
    expect(db.prepare('SELECT job_id FROM fusion_runs WHERE id = 1').get()).toEqual({ job_id: null });
  });

  it('011 adds the clip audio source and per-clip metadata, keeping clips and labels', () => {
    // Its version is looked up, not written: the step is renumbered when the migrations before it change.
    const version = MIGRATIONS.find((migration) => migration.name === 'clip-sources')?.version ?? 0;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO labels (clip_id, annotator, adoration, updated_at, updated_by) VALUES (1, 'gold', 0.5, ?, 'me')`).run(at);
    const [clipsBefore, labelsBefore] = [rows(db, 'clips'), rows(db, 'labels')];
    migrate(db, version);
    expect(rows(db, 'labels')).toEqual(labelsBefore);
    expect(rows(db, 'clips')).toEqual((clipsBefore as object[]).map((row) => ({ ...row, audio_path: null })));
    db.prepare(`UPDATE clips SET audio_path = '/data/train/wav/00001.wav' WHERE id = 1`).run();
    db.prepare(`INSERT INTO clip_metadata VALUES (1, 'Country', 'USA'), (1, 'Age', '25')`).run();
    expect(() => db?.prepare(`INSERT INTO clip_metadata VALUES (1, 'Age', '26')`).run()).toThrow(/UNIQUE/);
    expect(() => db?.prepare(`INSERT INTO clip_metadata VALUES (99, 'Age', '26')`).run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM clips WHERE id = 1').run();
    expect(rows(db, 'clip_metadata')).toEqual([]);
  });

  it('012 adds the file identity and state, existing clips unknown (NULL) and ok until checked', () => {
    db = openStore(dbPath, { targetVersion: 11 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO labels (clip_id, annotator, adoration, updated_at, updated_by) VALUES (1, 'gold', 0.5, ?, 'me')`).run(at);
    const [clipsBefore, labelsBefore] = [rows(db, 'clips'), rows(db, 'labels')];
    migrate(db, 12);
    expect(schemaVersion(db)).toBe(12);
    expect(rows(db, 'labels')).toEqual(labelsBefore);
    expect(rows(db, 'clips')).toEqual((clipsBefore as object[]).map((row) => ({ ...row, import_path: null, file_mtime_ms: null, file_dev: null, file_ino: null, file_state: 'ok' })));
    // dev and ino are text: an inode above 2^63 (some file systems) is kept exactly.
    db.prepare(`UPDATE clips SET file_mtime_ms = 1764979200123.5, file_dev = '2049', file_ino = '18446744073709551615', import_path = '/links/clip1.mp4' WHERE id = 1`).run();
    expect(db.prepare('SELECT file_mtime_ms, file_ino FROM clips').get()).toEqual({ file_mtime_ms: 1764979200123.5, file_ino: '18446744073709551615' });
    expect(() => db?.prepare(`UPDATE clips SET file_state = 'lost' WHERE id = 1`).run()).toThrow(/CHECK/);
  });

  it('013 adds playback proxies: existing clips have none, a proxy goes with its clip', () => {
    // The step before 013 from the registry, whatever number the other branches' steps end up holding.
    const previous = MIGRATIONS[MIGRATIONS.indexOf(migration013) - 1]!.version;
    db = openStore(dbPath, { targetVersion: previous });
    insertClip(db, 1);
    insertClip(db, 2);
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, started_at) VALUES (1, 'import', 'done', '{}', ?)`).run(at);
    const [clipsBefore, jobsBefore] = [rows(db, 'clips'), rows(db, 'jobs')];
    migrate(db, migration013.version);
    expect(schemaVersion(db)).toBe(migration013.version);
    expect(rows(db, 'clips')).toEqual(clipsBefore);
    expect(rows(db, 'jobs')).toEqual(jobsBefore);
    expect(rows(db, 'playback_proxies')).toEqual([]);
    db.prepare(`INSERT INTO playback_proxies (clip_id, content_hash, path, state, job_id, created_at) VALUES (1, 'hash1', '/db/proxies/hash1.mp4', 'ready', 1, ?)`).run(at);
    db.prepare(`INSERT INTO playback_proxies (clip_id, content_hash, path, state, error_code, error_message, created_at) VALUES (2, 'hash2', '/p', 'failed', 'media/proxy-failed', 'x', ?)`).run(at);
    expect(() => db?.prepare(`INSERT INTO playback_proxies (clip_id, content_hash, path, state, created_at) VALUES (3, 'h', '/p', 'ready', ?)`).run(at)).toThrow(/FOREIGN KEY/);
    expect(() => db?.prepare(`UPDATE playback_proxies SET state = 'building' WHERE clip_id = 1`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM clips WHERE id = 1').run();
    expect(rows(db, 'playback_proxies')).toEqual([expect.objectContaining({ clip_id: 2, state: 'failed' })]);
  });

  it('014 adds the cancel request to jobs, none asked for on existing jobs', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'job-cancel') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    db.prepare(`INSERT INTO jobs (id, kind, state, params_json, done, total, started_at) VALUES (1, 'import', 'running', '{"paths":["/v"]}', 2, 5, ?)`).run(at);
    const jobsBefore = rows(db, 'jobs');
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'jobs')).toEqual((jobsBefore as object[]).map((row) => ({ ...row, cancel_requested_at: null })));
  });

  it('analysis-protocol records the protocol of each analysis and flags predictions: existing rows read default and unflagged', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'analysis-protocol') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (1, 'sig', 'fau', '{}', '{}', 30, ?)`).run(at);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'fau', '{}', 'done')`).run(at);
    db.prepare(`INSERT INTO predictions (run_id, clip_id, adoration, amusement, anxiety, disgust, empathic_pain, fear, surprise, created_at) VALUES (1, 1, 0, 0, 0, 0, 0, 0, 0, ?)`).run(at);
    const [analysesBefore, predictionsBefore] = [rows(db, 'analyses'), rows(db, 'predictions')];
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'analyses')).toEqual((analysesBefore as object[]).map((row) => ({ ...row, protocol: 'default' })));
    expect(rows(db, 'predictions')).toEqual((predictionsBefore as object[]).map((row) => ({ ...row, no_frame_present: 0 })));
    db.prepare(`UPDATE analyses SET protocol = 'authors-code' WHERE clip_id = 1`).run();
    expect(db.prepare('SELECT protocol FROM analyses').get()).toEqual({ protocol: 'authors-code' });
  });

  it.each([
    ['clip-waveforms', 'clip_waveforms', `INSERT INTO clip_waveforms (clip_id, bucket_s, peaks, created_at) VALUES (1, 0.01, x'00000000', '2026-12-06')`],
    ['frame-thumbnails', 'frame_thumbnails', `INSERT INTO frame_thumbnails (clip_id, frame_index, jpeg) VALUES (1, 0, x'ffd8ffd9')`],
  ])('%s adds its table, clips unchanged, and its rows go with their clip', (name, table, insert) => {
    const version = MIGRATIONS.findIndex((m) => m.name === name) + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    const clipsBefore = rows(db, 'clips');
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'clips')).toEqual(clipsBefore);
    db.prepare(insert).run();
    expect(rows(db, table)).toHaveLength(1);
    db.prepare('DELETE FROM clips WHERE id = 1').run();
    expect(rows(db, table)).toEqual([]);
  });

  it('018 adds the FAU mask reason to frames: frames analysed before read null, a reason is kept', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'fau-mask') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s, audio_start_s, audio_end_s, face_score, head_yaw_deg) VALUES (1, 0, 0, 0, 0, 0, 0.1, 0.9, 82)`).run();
    const framesBefore = rows(db, 'frames');
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'frames')).toEqual((framesBefore as object[]).map((row) => ({ ...row, fau_mask: null })));
    db.prepare(`UPDATE frames SET fau_mask = 'turned-away' WHERE clip_id = 1`).run();
    expect(db.prepare('SELECT fau_mask FROM frames').get()).toEqual({ fau_mask: 'turned-away' });
  });

  it('019 adds the contributions table: predictions unchanged, its rows go with their prediction', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'prediction-attribution') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'image,fau', '{}', 'done')`).run(at);
    db.prepare(`INSERT INTO predictions (run_id, clip_id, adoration, amusement, anxiety, disgust, empathic_pain, fear, surprise, created_at) VALUES (1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ?)`).run(at);
    const predictionsBefore = rows(db, 'predictions');
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'predictions')).toEqual(predictionsBefore);
    expect(rows(db, 'prediction_contributions')).toEqual([]);
    db.prepare(`INSERT INTO prediction_contributions VALUES (1, 1, 'image', 0.01, -0.02, 0, 0, 0, 0, 0.05)`).run();
    db.prepare(`INSERT INTO prediction_contributions VALUES (1, 1, 'fau', 0, 0, 0, 0, 0, 0, 0)`).run();
    expect(() => db?.prepare(`INSERT INTO prediction_contributions VALUES (1, 2, 'fau', 0, 0, 0, 0, 0, 0, 0)`).run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM predictions WHERE clip_id = 1').run();
    expect(rows(db, 'prediction_contributions')).toEqual([]);
  });

  it('020 adds a run name, a per-prediction uncertainty (existing rows NULL: default name, not measured) and the deleted runs', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'run-names-uncertainty') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    db.prepare(`INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (1, ?, 'perceiver', 'image,fau', '{}', 'done')`).run(at);
    db.prepare(`INSERT INTO predictions (run_id, clip_id, adoration, amusement, anxiety, disgust, empathic_pain, fear, surprise, created_at) VALUES (1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, ?)`).run(at);
    const [runsBefore, predictionsBefore] = [rows(db, 'fusion_runs'), rows(db, 'predictions')];
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'fusion_runs')).toEqual((runsBefore as object[]).map((row) => ({ ...row, name: null })));
    expect(rows(db, 'predictions')).toEqual((predictionsBefore as object[]).map((row) => ({ ...row, uncertainty: null })));
    db.prepare(`UPDATE fusion_runs SET name = 'smiles only' WHERE id = 1`).run();
    db.prepare('UPDATE predictions SET uncertainty = 0.031 WHERE run_id = 1').run();
    expect(db.prepare('SELECT r.name, p.uncertainty FROM fusion_runs r JOIN predictions p ON p.run_id = r.id').get()).toEqual({ name: 'smiles only', uncertainty: 0.031 });
    db.prepare(`INSERT INTO deleted_runs VALUES (2, 'fau · compact', 'perceiver', 40, ?, 'me')`).run(at);
    expect(() => db?.prepare(`INSERT INTO deleted_runs VALUES (2, 'again', 'perceiver', 0, ?, 'me')`).run(at)).toThrow(/UNIQUE|PRIMARY/);
  });

  it('021 adds the import probes of clips (existing clips none: probed at analysis) that go with their clip', () => {
    const version = MIGRATIONS.findIndex((m) => m.name === 'clip-probes') + 1;
    db = openStore(dbPath, { targetVersion: version - 1 });
    insertClip(db, 1);
    insertClip(db, 2);
    const clipsBefore = rows(db, 'clips');
    migrate(db, version);
    expect(schemaVersion(db)).toBe(version);
    expect(rows(db, 'clips')).toEqual(clipsBefore);
    expect(rows(db, 'clip_probes')).toEqual([]);
    db.prepare(`INSERT INTO clip_probes VALUES (2, '{"path":"/videos/clip2.mp4"}')`).run();
    expect(() => db?.prepare(`INSERT INTO clip_probes VALUES (3, '{}')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db?.prepare(`INSERT INTO clip_probes VALUES (2, '{}')`).run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare('DELETE FROM clips WHERE id = 2').run();
    expect(rows(db, 'clip_probes')).toEqual([]);
  });

  it('opens with WAL and foreign keys, at the latest version', () => {
    db = openStore(dbPath);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a database written by a newer version, and leaves it as it was', () => {
    db = openStore(dbPath);
    insertClip(db, 1);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    db = undefined;
    expect(() => openStore(dbPath)).toThrow(expect.objectContaining({ code: 'store/newer-version', message: expect.stringMatching(/newer ViPER Workstation.*--db/) }));
    const raw = new Database(dbPath, { readonly: true });
    expect(rows(raw, 'clips')).toHaveLength(1);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    raw.close();
  });

  it('refuses a file that is not SQLite without changing it', () => {
    const bytes = Buffer.from('File_ID,Split\n[00001],Train\n');
    writeFileSync(dbPath, bytes);
    expect(() => openStore(dbPath)).toThrow(expect.objectContaining({ code: 'store/not-sqlite', message: expect.stringContaining(dbPath) }));
    expect(readFileSync(dbPath)).toEqual(bytes);
  });

  it('rolls a failing migration back whole: version, schema and rows stay as they were, and a retry succeeds', () => {
    db = openStore(dbPath, { targetVersion: 1 });
    insertClip(db, 1);
    // A stray table that 002 also creates, after its ALTER TABLE and its labels table: the step fails halfway.
    db.exec('CREATE TABLE label_edits (id INTEGER PRIMARY KEY)');
    const schema = (): unknown[] => db?.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all() ?? [];
    const [schemaBefore, clipsBefore] = [schema(), rows(db, 'clips')];
    expect(() => migrate(db as Db, 2)).toThrow(/label_edits already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(schema()).toEqual(schemaBefore);
    expect(rows(db, 'clips')).toEqual(clipsBefore);
    db.exec('DROP TABLE label_edits');
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('migrates a version 1 database with data to the latest in one step, usable by the store', () => {
    db = openStore(dbPath, { targetVersion: 1 });
    insertClip(db, 1);
    insertClip(db, 2);
    const before = rows(db, 'clips') as Record<string, unknown>[];
    db.close();
    db = openStore(dbPath);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const after = rows(db, 'clips') as Record<string, unknown>[];
    // Every column version 1 had keeps its value; the later columns take their defaults.
    expect(after.map((row) => Object.fromEntries(Object.keys(before[0] ?? {}).map((k) => [k, row[k]])))).toEqual(before);
    expect(after.map((row) => [row.label_file_id, row.sampling_method, row.sample_count, row.split])).toEqual([
      [null, 'paper', 0, null],
      [null, 'paper', 0, null],
    ]);
    const listed = new ClipsStore(db).list({ limit: 10, offset: 0 });
    expect(listed.clips.map((c) => [c.id, c.fileId])).toEqual([
      [1, 'clip1'],
      [2, 'clip2'],
    ]);
    db.prepare(`INSERT INTO labels (clip_id, annotator, adoration, updated_at, updated_by) VALUES (1, 'gold', 0.5, ?, 'me')`).run(at);
    db.prepare(`INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (2, 'sig', 'fau', '{}', '{}', 3, ?)`).run(at);
    expect(() => db?.prepare(`INSERT INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (3, 'sig', 'fau', '{}', '{}', 0, ?)`).run(at)).toThrow(/FOREIGN KEY/);
  });
});
