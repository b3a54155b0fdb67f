/** The seven reaction emotions of MuSe-Reaction / Hume-Reaction, in the challenge's column order. */
export const EMOTIONS = [
  'Adoration',
  'Amusement',
  'Anxiety',
  'Disgust',
  'Empathic-Pain',
  'Fear',
  'Surprise',
] as const;

export type Emotion = (typeof EMOTIONS)[number];

/** One intensity in [0,1] per emotion, in EMOTIONS order. */
export type EmotionVector = Record<Emotion, number>;

/** A person's labels of a clip: each emotion set (0–1) or not yet (null). Unset is not 0. */
export type LabelValues = Record<Emotion, number | null>;

/** No emotion set. */
export const UNSET_LABELS = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, null])) as LabelValues;

/** The seven values when all are set (what training and metrics need); null while any is unset. */
export function completeLabels(values: LabelValues | null): EmotionVector | null {
  if (!values) return null;
  return EMOTIONS.every((emotion) => values[emotion] !== null) ? (values as EmotionVector) : null;
}

export const SPLITS = ['Train', 'Val', 'Test'] as const;
export type Split = (typeof SPLITS)[number];
