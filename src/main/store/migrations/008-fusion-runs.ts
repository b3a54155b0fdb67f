import type { Migration } from './migration';

/**
 * What a fusion run records beyond its config and final metrics: when it finished, the epoch chosen on Val,
 * where its ONNX export is, its error; one row per epoch (loss, Val mean Pearson); and with every prediction
 * the attention that drove it (float32 LE: frame weights [N], the decoder's weights over the latents [L]).
 */
export const migration008: Migration = {
  version: 8,
  name: 'fusion-runs',
  up: `
    ALTER TABLE fusion_runs ADD COLUMN finished_at TEXT;
    ALTER TABLE fusion_runs ADD COLUMN chosen_epoch INTEGER;
    ALTER TABLE fusion_runs ADD COLUMN onnx_path TEXT;
    ALTER TABLE fusion_runs ADD COLUMN error_json TEXT;
    CREATE TABLE fusion_epochs (
      run_id INTEGER NOT NULL REFERENCES fusion_runs (id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      train_loss REAL NOT NULL,
      val_mean_pearson REAL,
      learning_rate REAL NOT NULL,
      duration_ms REAL NOT NULL,
      PRIMARY KEY (run_id, epoch)
    );
    CREATE TABLE prediction_attention (
      run_id INTEGER NOT NULL,
      clip_id INTEGER NOT NULL,
      frame_weights BLOB NOT NULL,
      latent_weights BLOB NOT NULL,
      PRIMARY KEY (run_id, clip_id),
      FOREIGN KEY (run_id, clip_id) REFERENCES predictions (run_id, clip_id) ON DELETE CASCADE
    );
  `,
};
