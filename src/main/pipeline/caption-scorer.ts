/**
 * Chooses a frame's caption without CLIP: each task emotion has an EMFACS-style prototype — the action
 * units that make up its expression (the face) plus the basic emotion closest to it — each in [0, 1] from
 * the frame's AU intensities (absolute, fau/neutral-reference.ts) and emotion probabilities. The best
 * score (face and emotion weighed per prototype) wins if it clears NEUTRAL_BELOW; the grade follows the
 * face — its AUs' intensity, with the emotion's probability as a minor part — so a full surprise is
 * "strong" whatever the classifier's confidence, and a faint one "slight" however sure the classifier is.
 * Prototypes (Ekman & Friesen's EMFACS; pain after Prkachin's PSPI; worry after the "grief / worry" brow of 1+4):
 *   Amusement      6 + 12, mouth open (25 / 26) for laughter; happiness
 *   Adoration      12 with the mouth closed, soft 6; happiness without laughter
 *   Anxiety        1 + 4 worry brow, lips stretched / pressed / sucked (20, 24, 28); fear, sadness
 *   Disgust        9 or 10 (nose wrinkle, upper-lip raise); disgust
 *   Empathic-Pain  1 + 4 + 15 sadness brow and mouth, eyes squeezed (7) or shut (43); sadness
 *   Fear           1 + 2 + 4 + 5 + 20 + 26; fear
 *   Surprise       1 + 2 + 5 + 26; surprise
 */
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import type { AuIntensities } from './fau/au-intensities';
import { BASIC_EMOTIONS } from './fau/clip-fau';
import type { CaptionTemplate, IntensityGrade } from './caption-templates';

export type BasicEmotionProbs = Record<(typeof BASIC_EMOTIONS)[number], number>;

/** Below this best score the frame is captioned neutral. */
export const NEUTRAL_BELOW = 0.2;
/** Grade boundaries on the winner's strength: slight below 0.4, clear below 0.65, strong above. */
export const GRADE_FROM = { clear: 0.4, strong: 0.65 } as const;
/** The strength that sets the grade: mostly the face's AUs, a little the emotion's probability. */
export const STRENGTH_FACE_WEIGHT = 0.8;

const mean = (...values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** One prototype's evidence, each part in [0, 1]: `face` from the AUs, `emotion` from the basic-emotion probabilities. */
export interface PrototypeEvidence {
  face: number;
  emotion: number;
  /** The share of `face` in the score. */
  faceWeight: number;
}

export function prototypeEvidence(au: AuIntensities, p: BasicEmotionProbs): Record<Emotion, PrototypeEvidence> {
  const mouthOpen = Math.max(au.AU25, au.AU26);
  const closed = 1 - mouthOpen;
  return {
    Amusement: { face: (0.45 * mean(au.AU06, au.AU12) + 0.2 * mouthOpen * au.AU12) / 0.65, emotion: p.happiness, faceWeight: 0.65 },
    Adoration: { face: ((0.5 * au.AU12 + 0.2 * au.AU06) * closed) / 0.7, emotion: p.happiness * closed, faceWeight: 0.7 },
    Anxiety: { face: mean(au.AU01, au.AU04, Math.max(au.AU20, au.AU24, au.AU28)), emotion: mean(p.fear, p.sadness), faceWeight: 0.5 },
    Disgust: { face: Math.max(au.AU09, au.AU10), emotion: p.disgust, faceWeight: 0.6 },
    'Empathic-Pain': { face: mean(au.AU01, au.AU04, au.AU15, Math.max(au.AU07, au.AU43)), emotion: p.sadness, faceWeight: 0.5 },
    Fear: { face: mean(au.AU01, au.AU02, au.AU04, au.AU05, au.AU20, au.AU26), emotion: p.fear, faceWeight: 0.6 },
    Surprise: { face: mean(au.AU01, au.AU02, au.AU05, au.AU26), emotion: p.surprise, faceWeight: 0.6 },
  };
}

const scoreOf = (e: PrototypeEvidence): number => e.faceWeight * e.face + (1 - e.faceWeight) * e.emotion;
/** How strongly the face shows the emotion: what the grade is read from. */
export const strengthOf = (e: PrototypeEvidence): number => STRENGTH_FACE_WEIGHT * e.face + (1 - STRENGTH_FACE_WEIGHT) * e.emotion;

export function prototypeScores(au: AuIntensities, p: BasicEmotionProbs): Record<Emotion, number> {
  const evidence = prototypeEvidence(au, p);
  return Object.fromEntries(EMOTIONS.map((emotion) => [emotion, scoreOf(evidence[emotion])])) as Record<Emotion, number>;
}

export function gradeOf(strength: number): IntensityGrade {
  if (strength >= GRADE_FROM.strong) return 'strong';
  if (strength >= GRADE_FROM.clear) return 'clear';
  return 'slight';
}

export interface ChosenCaption {
  template: CaptionTemplate;
  /** The winning prototype score (or, for neutral, 1 − the best task score). */
  score: number;
}

/**
 * The frame's caption: the first phrasing of the winning emotion's grade. (With a CLIP pair
 * installed the pipeline matches among all phrasings by image–text similarity instead.)
 */
export function chooseCaption(templates: readonly CaptionTemplate[], au: AuIntensities, probs: BasicEmotionProbs): ChosenCaption {
  const evidence = prototypeEvidence(au, probs);
  const scores = prototypeScores(au, probs);
  let best: Emotion = EMOTIONS[0];
  for (const emotion of EMOTIONS) if (scores[emotion] > scores[best]) best = emotion;
  const bestScore = scores[best];
  const pick = (emotion: Emotion | null, grade: IntensityGrade | null): CaptionTemplate => {
    const found = templates.find((t) => t.emotion === emotion && t.grade === grade);
    if (!found) throw new Error(`no caption template for ${emotion ?? 'neutral'} ${grade ?? ''}`);
    return found;
  };
  if (bestScore < NEUTRAL_BELOW) return { template: pick(null, null), score: 1 - bestScore };
  return { template: pick(best, gradeOf(strengthOf(evidence[best]))), score: bestScore };
}

/** The paper's route: the template whose CLIP text embedding is most similar to the frame's (both L2-normalised). */
export function chooseCaptionByClip(templates: readonly CaptionTemplate[], templateVectors: readonly Float32Array[], imageVector: Float32Array): ChosenCaption {
  let best = 0;
  let bestScore = -Infinity;
  templateVectors.forEach((vector, t) => {
    let dot = 0;
    vector.forEach((v, d) => (dot += v * (imageVector[d] as number)));
    if (dot > bestScore) {
      bestScore = dot;
      best = t;
    }
  });
  return { template: templates[best] as CaptionTemplate, score: bestScore };
}
