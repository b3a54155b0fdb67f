/**
 * Jobs (import, analysis, training) with progress, the per-item errors they recorded, and the process that
 * owns each running one. The one place a job's state is read: a row stored as 'running' whose owner is gone
 * reads 'interrupted' (decided here at read time, so no process has to survive to write it), with the
 * command that resumes it.
 */
import type { ErrorCode, ErrorInfo } from '../../shared/errors';
import type { StoreStatus } from '../../shared/api';
import type { JobState, ResumeHint } from '../../shared/job-schemas';
import type { Db } from './database';
import { sql } from './statements';
import { ownerIsAlive, systemWorld, type JobOwner, type OwnerWorld, type RecordedOwner } from './job-owner';
import { resumeHintOf, resumesAfterFailure } from './job-resume';

/** What a job's row stores; 'interrupted' is only ever read. */
export type StoredJobState = Exclude<JobState, 'interrupted'>;

/** What jobStateOf reads of a jobs row: its kind, stored state and params, and its owner. */
export interface JobOwnerRow {
  kind: string;
  state: StoredJobState;
  params_json: string;
  owner_pid: number | null;
  owner_host: string | null;
  owner_started: string | null;
  heartbeat_at: string | null;
  started_at: string;
}

const JOB_OWNER_FIELDS = ['kind', 'state', 'params_json', 'owner_pid', 'owner_host', 'owner_started', 'heartbeat_at', 'started_at'] as const;

/** The columns of `jobs` (aliased `alias`) that jobStateOf reads, as job_*; the runs store selects them through its job_id. */
export function jobOwnerColumns(alias: string): string {
  return JOB_OWNER_FIELDS.map((c) => `${alias}.${c} AS job_${c}`).join(', ');
}

/** How a job reads now: its stored state, or 'interrupted' for a running one whose owner is gone, with what resumes it. */
export function jobStateOf(row: JobOwnerRow, world: OwnerWorld): { state: JobState; resume: ResumeHint | null } {
  const owner: RecordedOwner = { pid: row.owner_pid, host: row.owner_host, started: row.owner_started, heartbeatAt: row.heartbeat_at, startedAt: row.started_at };
  const state: JobState = row.state === 'running' && !ownerIsAlive(owner, world) ? 'interrupted' : row.state;
  const params = JSON.parse(row.params_json) as unknown;
  const resumable = state === 'interrupted' || state === 'cancelled' || (state === 'failed' && resumesAfterFailure(row.kind, params));
  return { state, resume: resumable ? resumeHintOf(row.kind, params) : null };
}

/** A jobs row selected with jobOwnerColumns('j') as job_*: back to the JobOwnerRow shape. */
export function jobOwnerRowOf(raw: Record<string, unknown>): JobOwnerRow {
  return Object.fromEntries(JOB_OWNER_FIELDS.map((c) => [c, raw[`job_${c}`]])) as unknown as JobOwnerRow;
}

/**
 * An import records each label value it kept over the CSV's as a job error with this code, so that
 * `viper status --errors` lists them; they are counted apart from the failures.
 */
const KEPT_CONFLICT_CODE: ErrorCode = 'labels/conflict';

export class JobsStore {
  /** `world` answers whether owners are alive; tests pass their own. */
  constructor(
    private readonly db: Db,
    private readonly world: () => OwnerWorld = systemWorld,
  ) {}

  start(kind: string, params: unknown, total: number, at: string, owner: JobOwner): number {
    const result = this.db
      .prepare(
        `INSERT INTO jobs (kind, state, params_json, total, started_at, owner_pid, owner_host, owner_started, heartbeat_at)
         VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(kind, JSON.stringify(params), total, at, owner.pid, owner.host, owner.started, at);
    return Number(result.lastInsertRowid);
  }

  /**
   * Makes `owner` the owner of a stopped job that continues (a resumed training run): running again, unfinished.
   * The cancel that stopped it is answered, so it is cleared: else the resumed job would stop at once.
   */
  adopt(jobId: number, total: number, at: string, owner: JobOwner): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'running', finished_at = NULL, cancel_requested_at = NULL, total = ?, owner_pid = ?, owner_host = ?, owner_started = ?, heartbeat_at = ?
         WHERE id = ?`,
      )
      .run(total, owner.pid, owner.host, owner.started, at, jobId);
  }

  /** Progress is also a heartbeat. */
  progress(jobId: number, done: number, total: number, at: string): void {
    this.db.prepare('UPDATE jobs SET done = ?, total = ?, heartbeat_at = ? WHERE id = ?').run(done, total, at, jobId);
  }

  heartbeat(jobId: number, at: string): void {
    this.db.prepare('UPDATE jobs SET heartbeat_at = ? WHERE id = ?').run(at, jobId);
  }

  finish(jobId: number, state: Exclude<StoredJobState, 'running'>, at: string): void {
    this.db.prepare('UPDATE jobs SET state = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?').run(state, at, at, jobId);
  }

  recordError(jobId: number, error: ErrorInfo, at: string): void {
    this.db
      .prepare('INSERT INTO job_errors (job_id, subject, code, message, at) VALUES (?, ?, ?, ?, ?)')
      .run(jobId, error.subject ?? null, error.code, error.message, at);
  }

  /**
   * Asks the job's owner to stop (it reads this on its next heartbeat or progress). False when the job is
   * not stored as running: finished, cancelled, failed, or unknown.
   */
  requestCancel(jobId: number, at: string): boolean {
    return sql(this.db, `UPDATE jobs SET cancel_requested_at = ? WHERE id = ? AND state = 'running'`).run(at, jobId).changes > 0;
  }

  cancelRequested(jobId: number): boolean {
    const row = sql(this.db, 'SELECT cancel_requested_at AS at FROM jobs WHERE id = ?').get(jobId) as { at: string | null } | undefined;
    return row?.at != null;
  }

  /** A job's state as it reads now (see jobStateOf); undefined for an unknown id. */
  stateOf(jobId: number): { state: JobState; resume: ResumeHint | null } | undefined {
    const raw = this.db.prepare(`SELECT ${jobOwnerColumns('j')} FROM jobs j WHERE j.id = ?`).get(jobId) as Record<string, unknown> | undefined;
    return raw ? jobStateOf(jobOwnerRowOf(raw), this.world()) : undefined;
  }

  /** Jobs of these kinds that a live process runs now (a row stored 'running' whose owner is gone is not one). */
  liveRunning(kinds: readonly string[]): { id: number; kind: string; startedAt: string }[] {
    const rows = sql(this.db, `SELECT j.id, ${jobOwnerColumns('j')} FROM jobs j WHERE j.state = 'running' ORDER BY j.id`).all() as (Record<string, unknown> & { id: number })[];
    const world = this.world();
    return rows
      .map((raw) => ({ id: raw.id, row: jobOwnerRowOf(raw) }))
      .filter(({ row }) => kinds.includes(row.kind) && jobStateOf(row, world).state === 'running')
      .map(({ id, row }) => ({ id, kind: row.kind, startedAt: row.started_at }));
  }

  /** The kind, stored state and recorded parameters of a job; undefined for an unknown id. */
  recorded(jobId: number): { kind: string; state: StoredJobState; params: unknown } | undefined {
    const row = sql(this.db, 'SELECT kind, state, params_json FROM jobs WHERE id = ?').get(jobId) as { kind: string; state: StoredJobState; params_json: string } | undefined;
    return row ? { kind: row.kind, state: row.state, params: JSON.parse(row.params_json) as unknown } : undefined;
  }

  /** Replaces what a job recorded as its parameters (an export records its file once it is written). */
  recordParams(jobId: number, params: unknown): void {
    sql(this.db, 'UPDATE jobs SET params_json = ? WHERE id = ?').run(JSON.stringify(params), jobId);
  }

  recent(limit: number): StoreStatus['jobs'] {
    const rows = this.db
      .prepare(
        `SELECT j.id, j.done, j.total, j.finished_at AS finishedAt, j.cancel_requested_at AS cancelRequestedAt,
           (SELECT COUNT(*) FROM job_errors e WHERE e.job_id = j.id AND e.code <> '${KEPT_CONFLICT_CODE}') AS failed,
           (SELECT COUNT(*) FROM job_errors e WHERE e.job_id = j.id AND e.code = '${KEPT_CONFLICT_CODE}') AS conflictsKept, ${jobOwnerColumns('j')}
         FROM jobs j ORDER BY j.id DESC LIMIT ?`,
      )
      .all(limit) as (Record<string, unknown> & { id: number; done: number; total: number; finishedAt: string | null; cancelRequestedAt: string | null; failed: number; conflictsKept: number })[];
    const world = this.world();
    return rows.map((raw) => {
      const row = jobOwnerRowOf(raw);
      return {
        id: raw.id,
        kind: row.kind,
        done: raw.done,
        total: raw.total,
        failed: raw.failed,
        conflictsKept: raw.conflictsKept,
        cancelRequested: raw.cancelRequestedAt !== null,
        startedAt: row.started_at,
        finishedAt: raw.finishedAt,
        ...jobStateOf(row, world),
      };
    });
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
