import type { Migration } from './migration';

/**
 * The protocol a clip was analysed under ('default', or 'authors-code': faceless frames kept whole), and
 * a prediction's flag for a clip none of whose frames was present (predicted by the stated rule of
 * fusion/feature-reader.ts). Existing analyses were made under the default; existing predictions unflagged.
 */
export const migration017: Migration = {
  version: 17,
  name: 'analysis-protocol',
  up: `
    ALTER TABLE analyses ADD COLUMN protocol TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE predictions ADD COLUMN no_frame_present INTEGER NOT NULL DEFAULT 0;
  `,
};
