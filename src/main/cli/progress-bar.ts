/** A terminal progress bar with rate and ETA for long calls; silent when stderr is not a terminal. */
import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '../../shared/api';

export interface ProgressBar {
  update(event: ProgressEvent): void;
  stop(): void;
}

export function createProgressBar(label: string, enabled: boolean): ProgressBar {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | {current}`,
    stream: process.stderr,
    hideCursor: true,
    etaBuffer: 20,
  });
  let started = false;
  const startedAt = Date.now();
  return {
    update(event) {
      const rate = event.done > 0 ? (event.done / ((Date.now() - startedAt) / 1000)).toFixed(2) : '–';
      const current = event.current ? event.current.split(/[\\/]/).pop() : '';
      if (!started) {
        bar.start(event.total, event.done, { rate, current });
        started = true;
      } else {
        bar.setTotal(event.total);
        bar.update(event.done, { rate, current });
      }
    },
    // Idempotent: the command stops the bar before printing, and again on the way out of a failure.
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
