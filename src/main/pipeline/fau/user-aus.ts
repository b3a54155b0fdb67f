/**
 * A lab's AU model (models/user-models/au-model.ts) in the FAU part: its values take the slots of the
 * AUs it names among Py-Feat's 20; the AUs it does not name are 0 (not measured, as Py-Feat's own
 * models leave no AU out), the 7 emotion probabilities and the 5 zeros of padding stay as they are.
 */
import { ViperError } from '../../../shared/errors';
import type { AuModel } from '../../models/user-models';
import type { RgbImage } from '../face-crop';
import { AU_NAMES, type AuIntensities, type AuName } from './au-intensities';
import { isMasked, type FrameFau, type MaskedFau } from './clip-fau';

/** Where each of the model's outputs goes in AU_NAMES, or -1 for an AU the token has no slot for. */
export function auSlots(auNames: readonly string[], configPath: string): number[] {
  const slots = auNames.map((name) => (AU_NAMES as readonly string[]).indexOf(name));
  if (slots.every((slot) => slot < 0)) {
    throw new ViperError(
      'models/bad-config',
      `${configPath}: "au_names" (${auNames.join(', ')}) names none of the 20 AUs the FAU token holds (${AU_NAMES.join(', ')}). Name the outputs by their FACS numbers, AU01 to AU43.`,
      { subject: configPath },
    );
  }
  return slots;
}

/** The frame's FAU with the model's values in place of the geometric ones. */
export function withUserAus(frame: FrameFau, values: Float32Array, slots: readonly number[]): FrameFau {
  const aus = Object.fromEntries(AU_NAMES.map((name) => [name, 0])) as AuIntensities;
  slots.forEach((slot, k) => {
    if (slot >= 0) aus[AU_NAMES[slot] as AuName] = values[k] as number;
  });
  const token = Float32Array.from(frame.token);
  token.set(AU_NAMES.map((name) => aus[name]));
  return { ...frame, aus, token };
}

/** Runs the model on the frames' face crops (null where a frame has no face) and puts its AUs in their FAU; a masked frame stays masked. */
export async function applyAuModel(
  fau: readonly (FrameFau | MaskedFau | null)[],
  crops: readonly (RgbImage | null)[],
  model: Pick<AuModel, 'intensities'>,
  slots: readonly number[],
): Promise<(FrameFau | MaskedFau | null)[]> {
  const present = crops.flatMap((crop) => (crop ? [crop] : []));
  const values = present.length > 0 ? await model.intensities(present) : [];
  let k = 0;
  return fau.map((frame, i) => (frame && !isMasked(frame) && crops[i] ? withUserAus(frame, values[k++] as Float32Array, slots) : frame));
}
