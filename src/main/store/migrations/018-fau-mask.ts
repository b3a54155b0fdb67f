import type { Migration } from './migration';

/**
 * Why a frame with the subject's face has no FAU part ('turned-away', 'out-of-frame', 'degenerate-mesh':
 * pipeline/fau/fau-mask.ts); null where the AUs were measured or the frame has no face. Frames analysed
 * before this version read null, as they had no masking.
 */
export const migration018: Migration = {
  version: 18,
  name: 'fau-mask',
  up: `ALTER TABLE frames ADD COLUMN fau_mask TEXT;`,
};
