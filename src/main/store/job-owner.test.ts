/** The owner-alive decision, with the world faked; and the probe of real processes on this machine. */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { currentOwner, HEARTBEAT_STALE_MS, ownerIsAlive, probeProcess, type OwnerWorld, type ProcessProbe, type RecordedOwner } from './job-owner';

const NOW_MS = Date.parse('2026-12-01T12:00:00.000Z');
const ago = (ms: number): string => new Date(NOW_MS - ms).toISOString();

function world(processes: Record<number, ProcessProbe>): OwnerWorld {
  return { host: 'lab-1', nowMs: NOW_MS, probe: (pid) => processes[pid] ?? { alive: false, started: null } };
}

const owner = (fields: Partial<RecordedOwner>): RecordedOwner => ({ pid: 100, host: 'lab-1', started: 'boot:500', heartbeatAt: ago(1_000), startedAt: ago(60_000), ...fields });

describe('whether a job owner is alive', () => {
  it('on this host: the pid alive and started when the owner did', () => {
    expect(ownerIsAlive(owner({}), world({ 100: { alive: true, started: 'boot:500' } }))).toBe(true);
  });

  it('on this host: a pid that is gone, or a zombie, is not the owner, however fresh its heartbeat', () => {
    expect(ownerIsAlive(owner({ heartbeatAt: ago(0) }), world({}))).toBe(false);
    expect(ownerIsAlive(owner({}), world({ 100: { alive: false, started: 'boot:500' } }))).toBe(false);
  });

  it('on this host: a pid reused by another process (another start) is not the owner', () => {
    expect(ownerIsAlive(owner({}), world({ 100: { alive: true, started: 'boot:9999' } }))).toBe(false);
    // The same ticks after a reboot: the boot id differs.
    expect(ownerIsAlive(owner({}), world({ 100: { alive: true, started: 'other-boot:500' } }))).toBe(false);
  });

  it('on this host: where a start is unknown (no /proc), a live pid is taken for the owner', () => {
    expect(ownerIsAlive(owner({ started: null }), world({ 100: { alive: true, started: 'boot:1' } }))).toBe(true);
    expect(ownerIsAlive(owner({}), world({ 100: { alive: true, started: null } }))).toBe(true);
  });

  it('on another host: the heartbeat decides, stale after HEARTBEAT_STALE_MS; the pid is not probed', () => {
    const probeless: OwnerWorld = { ...world({}), probe: () => expect.unreachable('another host cannot be probed') };
    expect(ownerIsAlive(owner({ host: 'lab-2', heartbeatAt: ago(HEARTBEAT_STALE_MS - 1) }), probeless)).toBe(true);
    expect(ownerIsAlive(owner({ host: 'lab-2', heartbeatAt: ago(HEARTBEAT_STALE_MS + 1) }), probeless)).toBe(false);
  });

  it('with no owner recorded (rows from before schema 10): the heartbeat, else the start, decides', () => {
    const none = { pid: null, host: null, started: null };
    expect(ownerIsAlive(owner({ ...none, heartbeatAt: null, startedAt: ago(5_000) }), world({}))).toBe(true);
    expect(ownerIsAlive(owner({ ...none, heartbeatAt: null, startedAt: ago(HEARTBEAT_STALE_MS * 10) }), world({}))).toBe(false);
    expect(ownerIsAlive(owner({ ...none, heartbeatAt: 'not a date' }), world({}))).toBe(false);
  });
});

describe('probing processes on this machine', () => {
  it('names this process by pid, host and start, and probes it alive with the same start', () => {
    const me = currentOwner();
    expect(me).toMatchObject({ pid: process.pid, host: hostname() });
    const probe = probeProcess(process.pid);
    expect(probe.alive).toBe(true);
    expect(probe.started).toBe(me.started);
    if (process.platform === 'linux') expect(me.started).toMatch(/^[0-9a-f-]*:\d+$/);
  });

  it('probes a process that has exited as gone', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.once('exit', resolve));
    expect(probeProcess(pid).alive).toBe(false);
  });
});
