import type { Migration } from './migration';

/**
 * With every prediction of a trained run, the contribution of each modality to each emotion: the stored
 * (clipped) prediction minus the prediction with that modality's part of every token set to zero. One row
 * per modality, so a run's mean per emotion is one GROUP BY; the rows go with their prediction.
 */
export const migration019: Migration = {
  version: 19,
  name: 'prediction-attribution',
  up: `
    CREATE TABLE prediction_contributions (
      run_id INTEGER NOT NULL,
      clip_id INTEGER NOT NULL,
      modality TEXT NOT NULL,
      adoration REAL NOT NULL,
      amusement REAL NOT NULL,
      anxiety REAL NOT NULL,
      disgust REAL NOT NULL,
      empathic_pain REAL NOT NULL,
      fear REAL NOT NULL,
      surprise REAL NOT NULL,
      PRIMARY KEY (run_id, clip_id, modality),
      FOREIGN KEY (run_id, clip_id) REFERENCES predictions (run_id, clip_id) ON DELETE CASCADE
    );
  `,
};
