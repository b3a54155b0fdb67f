/**
 * @file Which process owns a running job, and whether it still does. On Linux a process is named by its pid
 * and its start (field 22 of /proc/<pid>/stat, clock ticks since boot, prefixed by the boot id): a pid the
 * kernel has since given to another process, or one from before a reboot, no longer matches. Elsewhere the
 * start is unknown and the pid alone is checked. A job owned on another host (a database in a shared
 * folder) cannot be probed from here: its heartbeat decides.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The process recorded as running a job. `started` is null where the platform does not tell. */
export interface JobOwner {
  pid: number;
  host: string;
  started: string | null;
}

/** What a row records about its owner; every field null on rows written before owners were recorded. */
export interface RecordedOwner {
  pid: number | null;
  host: string | null;
  started: string | null;
  heartbeatAt: string | null;
  /** The job's start: the heartbeat of a row that has none. */
  startedAt: string;
}

/** How often a running job refreshes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A job whose owner cannot be probed reads interrupted once its heartbeat is older than this (12 missed beats). */
export const HEARTBEAT_STALE_MS = 60_000;

/** What this host says about a pid now: alive or not, and its start where known. */
export interface ProcessProbe {
  alive: boolean;
  started: string | null;
}

/** What the decision needs from the world; tests pass their own. */
export interface OwnerWorld {
  host: string;
  nowMs: number;
  probe(pid: number): ProcessProbe;
}

let cachedBootId: string | undefined;
function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = '';
    }
  }
  return cachedBootId;
}

function signalZeroAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads /proc/<pid>/stat where there is a /proc; else asks with signal 0 and knows no start. */
export function probeProcess(pid: number): ProcessProbe {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return { alive: false, started: null };
    return { alive: signalZeroAlive(pid), started: null };
  }
  // Field 2, the command name, is in parentheses and may hold spaces or ')': count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state; Z: a zombie, dead but not yet reaped), fields[19] is field 22 (the start).
  const ticks = fields[19];
  return { alive: fields[0] !== 'Z', started: ticks ? `${bootId()}:${ticks}` : null };
}

/** This process, as recorded on the jobs it starts. */
export function currentOwner(): JobOwner {
  return { pid: process.pid, host: hostname(), started: probeProcess(process.pid).started };
}

export function systemWorld(): OwnerWorld {
  return { host: hostname(), nowMs: Date.now(), probe: probeProcess };
}

/**
 * Whether the process that owns a running job is still there. Same host: its pid must be alive and, where
 * both starts are known, started when the recorded owner did. Another host, or no owner recorded (rows from
 * before owners were): its heartbeat must be fresher than HEARTBEAT_STALE_MS.
 */
export function ownerIsAlive(owner: RecordedOwner, world: OwnerWorld): boolean {
  if (owner.pid !== null && owner.host === world.host) {
    const now = world.probe(owner.pid);
    if (!now.alive) return false;
    return owner.started === null || now.started === null || owner.started === now.started;
  }
  const beatMs = Date.parse(owner.heartbeatAt ?? owner.startedAt);
  return Number.isFinite(beatMs) && world.nowMs - beatMs <= HEARTBEAT_STALE_MS;
}
