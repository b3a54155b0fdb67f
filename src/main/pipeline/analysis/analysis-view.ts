/** What `viper show` and the review screen see of a clip's analysis, read back from the store. */
import type { ClipAnalysisView } from '../../../shared/api';
import { FAU_MASK_REASONS } from '../../../shared/clips-api';
import { MODALITIES } from '../../../shared/api';
import type { Db } from '../../store/database';
import { readClipAnalysis, readClipFeatures, readFrameAnalyses } from '../../store/analysis-store';
import { AU_NAMES } from '../fau/au-intensities';
import { BASIC_EMOTIONS, FAU_TOKEN_DIMS } from '../fau/clip-fau';

const TOP_AUS = 3;

export function readClipAnalysisView(db: Db, clipId: number): ClipAnalysisView | null {
  const analysis = readClipAnalysis(db, clipId);
  if (!analysis) return null;
  const features = readClipFeatures(db, clipId);
  const fau = features.find((f) => f.modality === 'fau');
  // A face whose FAU part was masked (turned away, out of the picture: fau-mask.ts) has a zero token, not AUs of 0.
  const presence = features.find((f) => f.modality === 'presence');
  const rows = readFrameAnalyses(db, clipId);
  return {
    analysedAt: analysis.analysedAt,
    modalities: MODALITIES.filter((m) => analysis.modalities.includes(m)),
    models: analysis.models,
    providers: analysis.providers,
    facesFound: analysis.facesFound,
    protocol: analysis.protocol,
    frames: rows.map((row) => {
      const hasFace = row.faceX !== null;
      const fauPresent = presence ? presence.data[row.sampleIndex * 4 + 3] === 1 : hasFace;
      const token = fau && fauPresent ? fau.data.subarray(row.sampleIndex * FAU_TOKEN_DIMS, (row.sampleIndex + 1) * FAU_TOKEN_DIMS) : null;
      const emotions = token ? [...token.subarray(AU_NAMES.length, AU_NAMES.length + BASIC_EMOTIONS.length)] : null;
      const best = emotions ? emotions.indexOf(Math.max(...emotions)) : -1;
      return {
        index: row.sampleIndex,
        face: hasFace ? { x: row.faceX as number, y: row.faceY as number, width: row.faceW as number, height: row.faceH as number, score: row.faceScore as number } : null,
        pose: row.headYawDeg === null ? null : { yawDeg: row.headYawDeg, pitchDeg: row.headPitchDeg as number, rollDeg: row.headRollDeg as number },
        caption: row.templateId === null ? null : { templateId: row.templateId, text: row.text as string, score: row.score as number },
        topAus: token
          ? AU_NAMES.map((name, k) => ({ name, value: token[k] as number }))
              .sort((a, b) => b.value - a.value)
              .slice(0, TOP_AUS)
          : [],
        topEmotion: emotions && best >= 0 ? { name: BASIC_EMOTIONS[best] as string, probability: emotions[best] as number } : null,
        speechProb: row.speechProb,
        fauMasked: FAU_MASK_REASONS.find((reason) => reason === row.fauMask) ?? null,
      };
    }),
  };
}
