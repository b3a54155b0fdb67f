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

export const SPLITS = ['Train', 'Val', 'Test'] as const;
export type Split = (typeof SPLITS)[number];
