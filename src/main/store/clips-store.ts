/** Queries on clips and their sampled frames. */
import type { ApiParsedInput, ClipSummary, FrameSample, SamplingOptions } from '../../shared/api';
import type { FileState } from '../../shared/clips-api';
import { ClipFilesStore, type FileIdentity } from './clip-files-store';
import type { Split } from '../../shared/emotions';
import type { Db } from './database';
import type { MediaInfo } from './media-info';
import { EMOTIONS } from '../../shared/emotions';
import { metadataFilterSql } from './clip-metadata-store';
import { EMOTION_COLUMNS, labelValuesFromRow } from './emotion-columns';
import { sql, sqlPluck, writeTransaction } from './statements';

export interface NewClip {
  fileId: string;
  /** The real path (links resolved): what is served. */
  path: string;
  /** The path as the user gave it, when a link led to `path`; null when the same. */
  importPath: string | null;
  /** The file's stat at import; null when not known (tests' rows). Its size is `sizeBytes`. */
  identity: Omit<FileIdentity, 'sizeBytes'> | null;
  contentHash: string;
  sizeBytes: number;
  container: string;
  durationS: number;
  fps: number;
  frameCount: number;
  width: number;
  height: number;
  rotationDeg: number;
  videoCodec: string;
  audioCodec: string | null;
  audioSampleRate: number | null;
  hasAudio: boolean;
  audioSilent: boolean | null;
  /** The audio file when it is not the video's own track (a sibling .wav); null otherwise. */
  audioPath: string | null;
  sampling: SamplingOptions;
  /** What ffprobe said of the video, kept for its analyses (clip_probes); null when not known (tests' rows). */
  media: MediaInfo | null;
}

interface ClipRow {
  id: number;
  file_id: string;
  path: string;
  import_path: string | null;
  file_state: FileState;
  split: Split | null;
  duration_s: number;
  fps: number;
  frame_count: number;
  width: number;
  height: number;
  rotation_deg: number;
  video_codec: string;
  audio_codec: string | null;
  has_audio: number;
  audio_silent: number | null;
  audio_path: string | null;
  sample_count: number;
  sampling_method: SamplingOptions['method'];
  imported_at: string;
  analysed: number;
  prediction_error: number | null;
  prediction_uncertainty: number | null;
  [emotionColumn: string]: unknown;
}

function toSummary(row: ClipRow): ClipSummary {
  return {
    id: row.id,
    fileId: row.file_id,
    path: row.path,
    importPath: row.import_path,
    fileState: row.file_state,
    split: row.split,
    durationS: row.duration_s,
    fps: row.fps,
    frameCount: row.frame_count,
    width: row.width,
    height: row.height,
    rotationDeg: row.rotation_deg,
    videoCodec: row.video_codec,
    audioCodec: row.audio_codec,
    hasAudio: row.has_audio === 1,
    audioSilent: row.audio_silent === null ? null : row.audio_silent === 1,
    audioPath: row.audio_path,
    sampleCount: row.sample_count,
    samplingMethod: row.sampling_method,
    importedAt: row.imported_at,
    labels: labelValuesFromRow(row),
    analysed: row.analysed === 1,
    predictionError: row.prediction_error,
    predictionUncertainty: row.prediction_uncertainty,
  };
}

/** Mean absolute difference of the seven columns of gold (l) and prediction (p); NULL if either is missing. */
const PREDICTION_ERROR = `(${EMOTIONS.map((e) => `ABS(p.${EMOTION_COLUMNS[e]} - l.${EMOTION_COLUMNS[e]})`).join(' + ')}) / ${EMOTIONS.length}`;

// The latest run with predictions, found once; joining on its (run_id, clip_id) key stays fast at 25k clips.
const SUMMARY_SELECT = `
  SELECT c.*, ${EMOTIONS.map((e) => `l.${EMOTION_COLUMNS[e]}`).join(', ')},
    EXISTS (SELECT 1 FROM analyses a WHERE a.clip_id = c.id) AS analysed,
    ${PREDICTION_ERROR} AS prediction_error, p.uncertainty AS prediction_uncertainty
  FROM clips c LEFT JOIN labels l ON l.clip_id = c.id AND l.annotator = 'gold'
  LEFT JOIN predictions p ON p.run_id = (SELECT MAX(run_id) FROM predictions) AND p.clip_id = c.id`;

export interface StoredByHash {
  id: number;
  path: string;
  sampleCount: number;
  samplingMethod: string;
  /** Whether the clip was stored with any audio (its own track or a sidecar). */
  hasAudio: boolean;
}

/** The audio facts of a clip, replaced together when a sidecar .wav gives a silent video its sound. */
export type ClipAudio = Pick<NewClip, 'audioCodec' | 'audioSampleRate' | 'hasAudio' | 'audioSilent' | 'audioPath'>;

/** clips.list's parsed input: a split ('none': without one), a search text, a page. */
export type ClipListFilter = ApiParsedInput<'clips.list'>;

export class ClipsStore {
  constructor(private readonly db: Db) {}

  findByHash(contentHash: string): StoredByHash | undefined {
    const row = sql(this.db, 'SELECT id, path, sample_count AS sampleCount, sampling_method AS samplingMethod, has_audio AS hasAudio FROM clips WHERE content_hash = ?').get(contentHash) as
      | (Omit<StoredByHash, 'hasAudio'> & { hasAudio: number })
      | undefined;
    return row ? { ...row, hasAudio: row.hasAudio === 1 } : undefined;
  }

  /**
   * Stores a clip and its samples atomically and returns the new id — unless a clip with the same
   * content was stored meanwhile (another `viper import` of the same folder, in another process),
   * checked under the write lock: then nothing is written and that clip is returned, for the caller
   * to treat as already stored.
   */
  insert(clip: NewClip, samples: readonly FrameSample[], importedAt: string): { clipId: number; created: boolean } {
    return writeTransaction(this.db, () => {
      const stored = this.findByHash(clip.contentHash);
      if (stored) return { clipId: stored.id, created: false };
      const result = sql(
        this.db,
        `INSERT INTO clips (file_id, path, import_path, content_hash, size_bytes, file_mtime_ms, file_dev, file_ino,
           container, duration_s, fps, frame_count,
           width, height, rotation_deg, video_codec, audio_codec, audio_sample_rate, has_audio, audio_silent, audio_path,
           sampling_method, sample_count, imported_at)
         VALUES (@fileId, @path, @importPath, @contentHash, @sizeBytes, @mtimeMs, @dev, @ino,
           @container, @durationS, @fps, @frameCount,
           @width, @height, @rotationDeg, @videoCodec, @audioCodec, @audioSampleRate, @hasAudio, @audioSilent, @audioPath,
           @samplingMethod, @sampleCount, @importedAt)`,
      ).run({
        ...clip,
        mtimeMs: clip.identity?.mtimeMs ?? null,
        dev: clip.identity?.dev ?? null,
        ino: clip.identity?.ino ?? null,
        hasAudio: clip.hasAudio ? 1 : 0,
        audioSilent: clip.audioSilent === null ? null : clip.audioSilent ? 1 : 0,
        samplingMethod: clip.sampling.method,
        sampleCount: samples.length,
        importedAt,
      });
      const clipId = Number(result.lastInsertRowid);
      this.insertSamples(clipId, samples);
      if (clip.media) new ClipFilesStore(this.db).recordProbe(clipId, clip.media);
      return { clipId, created: true };
    });
  }

  /**
   * Replaces a clip's samples (a new frame count or method). Its analysis was made on the old samples,
   * so it goes too: the next `viper analyze` redoes the clip. Returns false, writing nothing, when the
   * clip already has this sampling (another process resampled it meanwhile).
   */
  replaceSamples(clipId: number, sampling: SamplingOptions, samples: readonly FrameSample[], audioSilent: boolean | null): boolean {
    return writeTransaction(this.db, () => {
      const current = sql(this.db, 'SELECT sample_count AS sampleCount, sampling_method AS samplingMethod FROM clips WHERE id = ?').get(clipId) as
        | { sampleCount: number; samplingMethod: string }
        | undefined;
      if (current && current.sampleCount === samples.length && current.samplingMethod === sampling.method) return false;
      for (const table of ['analyses', 'features', 'captions', 'frames']) sql(this.db, `DELETE FROM ${table} WHERE clip_id = ?`).run(clipId);
      this.insertSamples(clipId, samples);
      sql(this.db, 'UPDATE clips SET sampling_method = ?, sample_count = ?, audio_silent = ? WHERE id = ?').run(
        sampling.method,
        samples.length,
        audioSilent === null ? null : audioSilent ? 1 : 0,
        clipId,
      );
      return true;
    });
  }

  /**
   * Gives a clip stored without sound the audio of its sidecar .wav, with samples measured on it. Its
   * analysis was made without audio, so it goes, as in replaceSamples. False when the clip has audio
   * already (another process gave it meanwhile).
   */
  replaceAudio(clipId: number, audio: ClipAudio, samples: readonly FrameSample[]): boolean {
    return writeTransaction(this.db, () => {
      const current = sql(this.db, 'SELECT has_audio AS hasAudio FROM clips WHERE id = ?').get(clipId) as { hasAudio: number } | undefined;
      if (!current || current.hasAudio === 1) return false;
      for (const table of ['analyses', 'features', 'captions', 'frames']) sql(this.db, `DELETE FROM ${table} WHERE clip_id = ?`).run(clipId);
      this.insertSamples(clipId, samples);
      sql(this.db, 'UPDATE clips SET audio_codec = ?, audio_sample_rate = ?, has_audio = ?, audio_silent = ?, audio_path = ? WHERE id = ?').run(
        audio.audioCodec,
        audio.audioSampleRate,
        audio.hasAudio ? 1 : 0,
        audio.audioSilent === null ? null : audio.audioSilent ? 1 : 0,
        audio.audioPath,
        clipId,
      );
      return true;
    });
  }

  private insertSamples(clipId: number, samples: readonly FrameSample[]): void {
    const insert = sql(
      this.db,
      
      `INSERT INTO frames (clip_id, sample_index, target_time_s, frame_index, frame_time_s,
         audio_start_s, audio_end_s, audio_pad_to_s, audio_rms_db)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of samples) {
      insert.run(clipId, s.index, s.targetTimeS, s.frameIndex, s.frameTimeS, s.audioStartS, s.audioEndS, s.audioPadToS, s.audioRmsDb);
    }
  }

  list(filter: ClipListFilter): { total: number; clips: ClipSummary[] } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.split === 'none') where.push('c.split IS NULL');
    else if (filter.split) {
      where.push('c.split = @split');
      params.split = filter.split;
    }
    if (filter.search) {
      where.push("(c.file_id LIKE @search ESCAPE '\\' OR c.path LIKE @search ESCAPE '\\')");
      params.search = `%${filter.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    }
    if (filter.metadata) where.push(...metadataFilterSql(filter.metadata, params));
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (sql(this.db, `SELECT COUNT(*) AS n FROM clips c ${whereSql}`).get(params) as { n: number }).n;
    const rows = sql(this.db, `${SUMMARY_SELECT} ${whereSql} ORDER BY c.file_id, c.id LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: filter.limit,
      offset: filter.offset,
    }) as ClipRow[];
    return { total, clips: rows.map(toSummary) };
  }

  /** A clip by numeric id, or by File_ID (the file name stem) given as text, falling back to a numeric id. */
  get(ref: number | string): ClipSummary | undefined {
    const byId = sql(this.db, `${SUMMARY_SELECT} WHERE c.id = ?`);
    let row: ClipRow | undefined;
    if (typeof ref === 'number') row = byId.get(ref) as ClipRow | undefined;
    else {
      row = sql(this.db, `${SUMMARY_SELECT} WHERE c.file_id = ? ORDER BY c.id LIMIT 1`).get(ref) as ClipRow | undefined;
      if (!row && /^\d+$/.test(ref)) row = byId.get(Number(ref)) as ClipRow | undefined;
    }
    return row ? toSummary(row) : undefined;
  }

  /** The clip's File_ID (its file name stem), or undefined when there is no such clip. */
  fileIdOf(clipId: number): string | undefined {
    return sqlPluck(this.db, 'SELECT file_id FROM clips WHERE id = ?').get(clipId) as string | undefined;
  }

  samples(clipId: number): FrameSample[] {
    return sql(
      this.db,
      `SELECT sample_index AS "index", target_time_s AS targetTimeS, frame_index AS frameIndex,
         frame_time_s AS frameTimeS, audio_start_s AS audioStartS, audio_end_s AS audioEndS,
         audio_pad_to_s AS audioPadToS, audio_rms_db AS audioRmsDb
       FROM frames WHERE clip_id = ? ORDER BY sample_index`,
    ).all(clipId) as FrameSample[];
  }

  /** Maps label File_IDs to clips: exact file_id first, then with leading zeros ignored. */
  idsByFileId(): Map<string, number[]> {
    const map = new Map<string, number[]>();
    for (const row of sql(this.db, 'SELECT id, file_id FROM clips').all() as { id: number; file_id: string }[]) {
      const ids = map.get(row.file_id) ?? [];
      ids.push(row.id);
      map.set(row.file_id, ids);
    }
    return map;
  }

  /** Records the File_ID as the labels CSV spells it (exports write it back that way); true when it changed. */
  setLabelFileId(clipId: number, labelFileId: string): boolean {
    return sql(this.db, 'UPDATE clips SET label_file_id = ? WHERE id = ? AND label_file_id IS NOT ?').run(labelFileId, clipId, labelFileId).changes > 0;
  }

  setSplit(clipId: number, split: Split | null): boolean {
    return sql(this.db, 'UPDATE clips SET split = ? WHERE id = ? AND split IS NOT ?').run(split, clipId, split).changes > 0;
  }

  counts(): { clips: number; withAudio: number; bySplit: Record<Split | 'none', number> } {
    const row = sql(
      this.db,
      `SELECT COUNT(*) AS clips, COALESCE(SUM(has_audio), 0) AS withAudio,
         COALESCE(SUM(split = 'Train'), 0) AS Train, COALESCE(SUM(split = 'Val'), 0) AS Val,
         COALESCE(SUM(split = 'Test'), 0) AS Test, COALESCE(SUM(split IS NULL), 0) AS none
       FROM clips`,
    ).get() as { clips: number; withAudio: number; Train: number; Val: number; Test: number; none: number };
    return { clips: row.clips, withAudio: row.withAudio, bySplit: { Train: row.Train, Val: row.Val, Test: row.Test, none: row.none } };
  }
}
