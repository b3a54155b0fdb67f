/**
 * @file The lint rules that judge one clip's gold labels against what its analysis saw: a smile labelled
 * absent, a high Amusement / Adoration with no smile, labels on a clip with no face and no speech. Pure
 * functions of the labels and the evidence; each flag says why in words and carries the numbers.
 */
import type { Emotion, LabelValues, Split } from '../../../shared/emotions';
import type { LintFlag, LintThresholds } from '../../../shared/lint-api';
import type { FrameEvidence } from '../../store/lint-evidence-store';
import type { SmileEvidence } from './smile-evidence';

export interface GoldClip {
  clipId: number;
  fileId: string;
  split: Split | null;
  values: LabelValues;
}

export const two = (value: number): string => value.toFixed(2);

function flag(clip: GoldClip, rule: LintFlag['rule'], emotion: Emotion | null, reason: string, evidence: Record<string, number>): LintFlag {
  return { clipId: clip.clipId, fileId: clip.fileId, rule, annotator: 'gold', emotion, reason, evidence };
}

/** smile-missing and smile-unlabelled; nothing for a clip with no face frame (no-face-no-speech speaks for it). */
export function smileFlags(clip: GoldClip, smile: SmileEvidence, t: LintThresholds): LintFlag[] {
  if (smile.faceFrames === 0) return [];
  const evidence = { faceFrames: smile.faceFrames, frames: smile.frames, maxAu12: smile.maxAu12, maxAu06: smile.maxAu06, maxHappiness: smile.maxHappiness, broadSmileFrames: smile.broadSmileFrames };
  const amusement = clip.values.Amusement;
  const adoration = clip.values.Adoration;
  const flags: LintFlag[] = [];
  const highest: { emotion: Emotion; value: number } | null =
    amusement !== null && amusement >= (adoration ?? -1) ? { emotion: 'Amusement', value: amusement } : adoration !== null ? { emotion: 'Adoration', value: adoration } : null;
  const smiles = smile.maxAu12 >= t.smileAu12Min || smile.maxAu06 >= t.smileAu06Min || smile.maxHappiness >= t.smileHappinessMin;
  if (highest && highest.value >= t.smileLabelMin && !smiles) {
    flags.push(
      flag(
        clip,
        'smile-missing',
        highest.emotion,
        `${highest.emotion} ${two(highest.value)} but no frame smiles: over ${smile.faceFrames} frames with a face, AU12 ≤ ${two(smile.maxAu12)}, AU06 ≤ ${two(smile.maxAu06)}, happiness ≤ ${two(smile.maxHappiness)} (a smile: AU12 ≥ ${two(t.smileAu12Min)}, AU06 ≥ ${two(t.smileAu06Min)} or happiness ≥ ${two(t.smileHappinessMin)})`,
        evidence,
      ),
    );
  }
  const labelled = [amusement, adoration].filter((v): v is number => v !== null);
  if (labelled.length > 0 && labelled.every((v) => v <= t.smileAbsentMax) && smile.broadSmileFrames >= t.broadSmileFramesMin) {
    flags.push(
      flag(
        clip,
        'smile-unlabelled',
        'Amusement',
        `a broad smile in ${smile.broadSmileFrames} of ${smile.faceFrames} frames with a face (happiness up to ${two(smile.maxHappiness)}, AU12 up to ${two(smile.maxAu12)}) but Amusement ${amusement === null ? 'unset' : two(amusement)}, Adoration ${adoration === null ? 'unset' : two(adoration)}`,
        evidence,
      ),
    );
  }
  return flags;
}

/** no-face-no-speech: an analysed clip with no face in any frame and no speech, whose labels say something is felt. */
export function noFaceFlag(clip: GoldClip, frames: FrameEvidence, t: LintThresholds): LintFlag | null {
  if (frames.faceFrames > 0 || frames.speechFrames >= t.speechFramesMin) return null;
  let top: { emotion: Emotion; value: number } | null = null;
  for (const [emotion, value] of Object.entries(clip.values) as [Emotion, number | null][]) {
    if (value !== null && (top === null || value > top.value)) top = { emotion, value };
  }
  if (!top || top.value < t.labelPresentMin) return null;
  const speech = frames.maxSpeechProb === null ? 'no speech probability measured' : `speech probability at most ${two(frames.maxSpeechProb)} (${frames.speechFrames} frame(s) ≥ ${two(t.speechMin)})`;
  return flag(clip, 'no-face-no-speech', top.emotion, `${top.emotion} ${two(top.value)} on a clip with no face in any of its ${frames.frames} frames and no speech: ${speech}`, {
    frames: frames.frames,
    faceFrames: 0,
    speechFrames: frames.speechFrames,
    maxSpeechProb: frames.maxSpeechProb ?? 0,
    label: top.value,
  });
}
