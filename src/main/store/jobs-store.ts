/** Jobs (import, analysis, training) with progress, and the per-item errors they recorded. */
import type { ErrorInfo } from '../../shared/errors';
import type { StoreStatus } from '../../shared/api';
import type { Db } from './database';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export class JobsStore {
  constructor(private readonly db: Db) {}

  start(kind: string, params: unknown, total: number, at: string): number {
    const result = this.db
      .prepare('INSERT INTO jobs (kind, state, params_json, total, started_at) VALUES (?, ?, ?, ?, ?)')
      .run(kind, 'running', JSON.stringify(params), total, at);
    return Number(result.lastInsertRowid);
  }

  progress(jobId: number, done: number, total: number): void {
    this.db.prepare('UPDATE jobs SET done = ?, total = ? WHERE id = ?').run(done, total, jobId);
  }

  finish(jobId: number, state: Exclude<JobState, 'running'>, at: string): void {
    this.db.prepare('UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?').run(state, at, jobId);
  }

  recordError(jobId: number, error: ErrorInfo, at: string): void {
    this.db
      .prepare('INSERT INTO job_errors (job_id, subject, code, message, at) VALUES (?, ?, ?, ?, ?)')
      .run(jobId, error.subject ?? null, error.code, error.message, at);
  }

  recent(limit: number): StoreStatus['jobs'] {
    return this.db
      .prepare(
        `SELECT id, kind, state, done, total, started_at AS startedAt, finished_at AS finishedAt
         FROM jobs ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as StoreStatus['jobs'];
  }

  recentErrors(limit: number): StoreStatus['recentErrors'] {
    const rows = this.db
      .prepare(
        `SELECT job_id AS jobId, subject, code, message, at FROM job_errors ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as (Omit<StoreStatus['recentErrors'][number], 'subject'> & { subject: string | null })[];
    return rows.map(({ subject, ...rest }) => (subject === null ? rest : { ...rest, subject }));
  }
}
