/** One colour per modality wherever attribution is drawn, from the colour-blind-safe Okabe–Ito palette. */
import { OKABE_ITO } from '../review/curve-style';

const BY_MODALITY: Record<string, string> = { image: OKABE_ITO[4], audio: OKABE_ITO[0], text: OKABE_ITO[2], fau: OKABE_ITO[6] };

export const modalityColour = (modality: string): string => BY_MODALITY[modality] ?? OKABE_ITO[5];

/** A contribution as the page prints it: signed, 3 decimals, a true minus sign. */
export const signedValue = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
