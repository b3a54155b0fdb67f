import { EMOTIONS, type Emotion, type EmotionVector, type LabelValues } from '../../shared/emotions';

/** SQL column of each emotion in labels and predictions: 'Empathic-Pain' → empathic_pain. */
export const EMOTION_COLUMNS: Record<Emotion, string> = Object.fromEntries(
  EMOTIONS.map((emotion) => [emotion, emotion.toLowerCase().replace('-', '_')]),
) as Record<Emotion, string>;

export const EMOTION_COLUMN_LIST = EMOTIONS.map((emotion) => EMOTION_COLUMNS[emotion]).join(', ');

/** Reads the seven label columns of a row as set or unset; null when none is set. */
export function labelValuesFromRow(row: Record<string, unknown>): LabelValues | null {
  const values = {} as LabelValues;
  for (const emotion of EMOTIONS) {
    const value = row[EMOTION_COLUMNS[emotion]];
    values[emotion] = typeof value === 'number' ? value : null;
  }
  return EMOTIONS.some((emotion) => values[emotion] !== null) ? values : null;
}

/** Reads the seven columns of a row; null when any is NULL (an unlabelled row). */
export function emotionVectorFromRow(row: Record<string, unknown>): EmotionVector | null {
  const vector = {} as EmotionVector;
  for (const emotion of EMOTIONS) {
    const value = row[EMOTION_COLUMNS[emotion]];
    if (typeof value !== 'number') return null;
    vector[emotion] = value;
  }
  return vector;
}
