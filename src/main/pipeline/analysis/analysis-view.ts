/** What `viper show` and the review screen see of a clip's analysis, read back from the store. */
import type { ClipAnalysisView } from '../../../shared/api';
import { MODALITIES } from '../../../shared/api';
import type { Db } from '../../store/database';
import { readClipFeatures } from '../../store/analysis-store';
import { AU_NAMES } from '../fau/au-intensities';
import { BASIC_EMOTIONS, FAU_TOKEN_DIMS } from '../fau/clip-fau';

const TOP_AUS = 3;

interface AnalysisRow {
  modalities: string;
  models_json: string;
  providers_json: string;
  faces_found: number;
  analysed_at: string;
}

interface FrameRow {
  sample_index: number;
  face_x: number | null;
  face_y: number | null;
  face_w: number | null;
  face_h: number | null;
  face_score: number | null;
  head_yaw_deg: number | null;
  head_pitch_deg: number | null;
  head_roll_deg: number | null;
  speech_prob: number | null;
  template_id: string | null;
  text: string | null;
  score: number | null;
}

export function readClipAnalysisView(db: Db, clipId: number): ClipAnalysisView | null {
  const analysis = db.prepare('SELECT modalities, models_json, providers_json, faces_found, analysed_at FROM analyses WHERE clip_id = ?').get(clipId) as AnalysisRow | undefined;
  if (!analysis) return null;
  const fau = readClipFeatures(db, clipId).find((f) => f.modality === 'fau');
  const rows = db
    .prepare(
      `SELECT f.sample_index, f.face_x, f.face_y, f.face_w, f.face_h, f.face_score, f.head_yaw_deg, f.head_pitch_deg,
         f.head_roll_deg, f.speech_prob, c.template_id, c.text, c.score
       FROM frames f LEFT JOIN captions c ON c.clip_id = f.clip_id AND c.sample_index = f.sample_index
       WHERE f.clip_id = ? ORDER BY f.sample_index`,
    )
    .all(clipId) as FrameRow[];
  return {
    analysedAt: analysis.analysed_at,
    modalities: MODALITIES.filter((m) => analysis.modalities.split(',').includes(m)),
    models: JSON.parse(analysis.models_json) as Record<string, string>,
    providers: JSON.parse(analysis.providers_json) as Record<string, string>,
    facesFound: analysis.faces_found,
    frames: rows.map((row) => {
      const hasFace = row.face_x !== null;
      const token = fau && hasFace ? fau.data.subarray(row.sample_index * FAU_TOKEN_DIMS, (row.sample_index + 1) * FAU_TOKEN_DIMS) : null;
      const emotions = token ? [...token.subarray(AU_NAMES.length, AU_NAMES.length + BASIC_EMOTIONS.length)] : null;
      const best = emotions ? emotions.indexOf(Math.max(...emotions)) : -1;
      return {
        index: row.sample_index,
        face: hasFace ? { x: row.face_x as number, y: row.face_y as number, width: row.face_w as number, height: row.face_h as number, score: row.face_score as number } : null,
        pose: row.head_yaw_deg === null ? null : { yawDeg: row.head_yaw_deg, pitchDeg: row.head_pitch_deg as number, rollDeg: row.head_roll_deg as number },
        caption: row.template_id === null ? null : { templateId: row.template_id, text: row.text as string, score: row.score as number },
        topAus: token
          ? AU_NAMES.map((name, k) => ({ name, value: token[k] as number }))
              .sort((a, b) => b.value - a.value)
              .slice(0, TOP_AUS)
          : [],
        topEmotion: emotions && best >= 0 ? { name: BASIC_EMOTIONS[best] as string, probability: emotions[best] as number } : null,
        speechProb: row.speech_prob,
      };
    }),
  };
}
