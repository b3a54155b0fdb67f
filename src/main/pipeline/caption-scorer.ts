/**
 * Chooses a frame's caption without CLIP: each task emotion has an EMFACS-style prototype — the action
 * units that make up its expression plus the basic emotion closest to it — scored in [0, 1] from the
 * frame's AU intensities and emotion probabilities. The best-scoring emotion wins if it clears
 * NEUTRAL_BELOW, and its score sets the grade. Prototypes (Ekman & Friesen's EMFACS; pain after
 * Prkachin's PSPI; worry after the "grief / worry" brow of 1+4):
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
/** Grade boundaries on the winning score: slight below 0.4, clear below 0.65, strong above. */
export const GRADE_FROM = { clear: 0.4, strong: 0.65 } as const;

const mean = (...values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

export function prototypeScores(au: AuIntensities, p: BasicEmotionProbs): Record<Emotion, number> {
  const mouthOpen = Math.max(au.AU25, au.AU26);
  return {
    Amusement: 0.45 * mean(au.AU06, au.AU12) + 0.35 * p.happiness + 0.2 * mouthOpen * au.AU12,
    Adoration: 0.5 * au.AU12 * (1 - mouthOpen) + 0.3 * p.happiness * (1 - mouthOpen) + 0.2 * au.AU06 * (1 - mouthOpen),
    Anxiety: 0.5 * mean(au.AU01, au.AU04, Math.max(au.AU20, au.AU24, au.AU28)) + 0.25 * p.fear + 0.25 * p.sadness,
    Disgust: 0.6 * Math.max(au.AU09, au.AU10) + 0.4 * p.disgust,
    'Empathic-Pain': 0.5 * mean(au.AU01, au.AU04, au.AU15, Math.max(au.AU07, au.AU43)) + 0.5 * p.sadness,
    Fear: 0.6 * mean(au.AU01, au.AU02, au.AU04, au.AU05, au.AU20, au.AU26) + 0.4 * p.fear,
    Surprise: 0.6 * mean(au.AU01, au.AU02, au.AU05, au.AU26) + 0.4 * p.surprise,
  };
}

export function gradeOf(score: number): IntensityGrade {
  if (score >= GRADE_FROM.strong) return 'strong';
  if (score >= GRADE_FROM.clear) return 'clear';
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
  return { template: pick(best, gradeOf(bestScore)), score: bestScore };
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
