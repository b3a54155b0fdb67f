/** window.viper: the typed client the preload exposes (src/preload/index.ts). */
import type { ViperClient } from '../../shared/client';

declare global {
  interface Window {
    /** Absent when the page runs without the preload (e.g. opened straight in a browser). */
    readonly viper: ViperClient | undefined;
  }
}
