/**
 * A job this process runs, from its row's creation to its finish: records this process as the owner, beats
 * the heartbeat every HEARTBEAT_INTERVAL_MS while it runs (and on every progress), and stops beating when
 * it finishes. Import, analysis and training all go through it, so every job has the same lifecycle.
 */
import type { ErrorInfo } from '../../shared/errors';
import type { Db } from './database';
import { currentOwner, HEARTBEAT_INTERVAL_MS } from './job-owner';
import { JobsStore, type StoredJobState } from './jobs-store';

export class RunningJob {
  private readonly jobs: JobsStore;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly db: Db,
    readonly id: number,
    private readonly now: () => string,
  ) {
    this.jobs = new JobsStore(db);
    this.timer = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    // A job's heartbeat must never keep its process alive: the process ending is what the heartbeat reports.
    this.timer.unref();
  }

  static start(db: Db, kind: string, params: unknown, total: number, now: () => string): RunningJob {
    return new RunningJob(db, new JobsStore(db).start(kind, params, total, now(), currentOwner()), now);
  }

  /** Takes over a job that stopped (a training run resumed): this process owns it, and it runs again. */
  static adopt(db: Db, jobId: number, total: number, now: () => string): RunningJob {
    new JobsStore(db).adopt(jobId, total, now(), currentOwner());
    return new RunningJob(db, jobId, now);
  }

  progress(done: number, total: number): void {
    this.jobs.progress(this.id, done, total, this.now());
  }

  recordError(error: ErrorInfo): void {
    this.jobs.recordError(this.id, error, this.now());
  }

  finish(state: Exclude<StoredJobState, 'running'>): void {
    clearInterval(this.timer);
    this.jobs.finish(this.id, state, this.now());
  }

  private beat(): void {
    // Closed without finishing (its process is shutting down): nothing more to beat for.
    if (!this.db.open) {
      clearInterval(this.timer);
      return;
    }
    try {
      this.jobs.heartbeat(this.id, this.now());
    } catch {
      // The database busy past its timeout (another process's long write) or closed under us: the next beat
      // tries again, and a job of this host is judged by its pid, not its heartbeat.
    }
  }
}
