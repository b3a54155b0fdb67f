/**
 * Starts ffmpeg and ffprobe from a small helper process instead of this one. Node starts a child by
 * forking the whole process first: in an analysis process holding ONNX Runtime's arenas (~1 GB) each fork
 * copied its page tables (35–60 ms a spawn, measured) and then made every page written afterwards fault
 * once more, three spawns per clip. The helper is a bare Node (~40 MB), so its forks cost a few
 * milliseconds, and the tool writes its output straight into a Unix socket this process reads: no copy
 * on the way. Used by the analysis lanes (jobs/analysis-lane.ts) on Linux and macOS; elsewhere, and
 * whenever the helper is not running, runTool spawns directly.
 *
 * Protocol: for each run this process sends {id, bin, args} over the helper's IPC channel; the helper
 * connects to this process's socket, writes the run's id (4 bytes), hands the connection to the tool as
 * its stdout, and reports {id, code, signal, stderr} (or {id, error}) when the tool has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The helper's whole program (CommonJS, run with `node -e`), so it needs no file of its own in any build. */
const HELPER_SOURCE = String.raw`
const { spawn } = require('node:child_process');
const { connect } = require('node:net');
const address = process.argv[1];
const running = new Map();
const send = (message) => { if (process.connected) process.send(message); };
process.on('message', (m) => {
  if (m.type === 'kill') { running.get(m.id)?.kill('SIGKILL'); return; }
  const socket = connect(address);
  socket.on('error', (error) => send({ id: m.id, error: { message: 'the output socket failed: ' + error.message, code: error.code } }));
  socket.on('connect', () => {
    const id = Buffer.alloc(4);
    id.writeUInt32LE(m.id);
    socket.write(id, () => {
      let child;
      try {
        child = spawn(m.bin, m.args, { stdio: ['ignore', socket, 'pipe'] });
      } catch (error) {
        socket.destroy();
        send({ id: m.id, error: { message: error.message, code: error.code } });
        return;
      }
      running.set(m.id, child);
      // The tool holds its own copy of the connection; this one closes so the reader sees the end when the tool exits.
      child.on('spawn', () => socket.destroy());
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text) => { stderr = (stderr + text).slice(-16384); });
      let failed = null;
      child.on('error', (error) => { failed = error; socket.destroy(); });
      child.on('close', (code, signal) => {
        running.delete(m.id);
        send(failed ? { id: m.id, error: { message: failed.message, code: failed.code } } : { id: m.id, code, signal, stderr });
      });
    });
  });
});
process.on('disconnect', () => { for (const child of running.values()) child.kill('SIGKILL'); process.exit(0); });
`;

export interface SpawnedRun {
  /** Called with each chunk of the tool's stdout, in order. */
  onStdout(chunk: Buffer): void;
  /** The tool ended: its exit code (null after a signal) and the tail of its stderr, or the error that kept it from starting. */
  onExit(result: { code: number | null; stderr: string } | { error: NodeJS.ErrnoException }): void;
}

type HelperMessage = { id: number; code: number | null; signal: string | null; stderr: string } | { id: number; error: { message: string; code?: string } };

interface Run {
  handlers: SpawnedRun;
  /** Both must have happened before the run ends: its output read to the end, and the helper's report. */
  outputEnded: boolean;
  report: HelperMessage | null;
}

export class ToolSpawner {
  readonly #runs = new Map<number, Run>();
  #nextId = 1;
  #alive = true;

  private constructor(
    private readonly helper: ChildProcess,
    private readonly server: Server,
    private readonly socketPath: string,
  ) {
    helper.on('message', (message: HelperMessage) => {
      const run = this.#runs.get(message.id);
      if (!run) return;
      run.report = message;
      this.#finishIfDone(message.id, run);
    });
    helper.on('exit', () => this.#fail('the tool helper process stopped'));
    server.on('connection', (socket: Socket) => this.#accept(socket));
    // Idle, neither keeps a finished CLI alive; a run in flight holds them (#hold).
    this.#hold(false);
  }

  /** Refs the helper, its channel and the socket while runs are in flight, unrefs them when none is. */
  #hold(busy: boolean): void {
    const channel = this.helper.channel as { ref?: () => void; unref?: () => void } | undefined;
    if (busy) {
      this.helper.ref();
      this.server.ref();
      channel?.ref?.();
    } else {
      this.helper.unref();
      this.server.unref();
      channel?.unref?.();
    }
  }

  /** Starts the helper and its socket; null where the platform has no Unix sockets (Windows). */
  static async start(): Promise<ToolSpawner | null> {
    if (process.platform === 'win32') return null;
    const socketPath = join(tmpdir(), `viper-tools-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    // Inside Electron, execPath is the app: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const helper = spawn(process.execPath, ['-e', HELPER_SOURCE, socketPath], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    await new Promise<void>((resolve, reject) => {
      helper.once('spawn', () => resolve());
      helper.once('error', reject);
    }).catch((error: unknown) => {
      server.close();
      rmSync(socketPath, { force: true });
      throw error;
    });
    return new ToolSpawner(helper, server, socketPath);
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Starts `bin args`; returns the run's kill switch. */
  run(bin: string, args: readonly string[], handlers: SpawnedRun): () => void {
    const id = this.#nextId++;
    this.#runs.set(id, { handlers, outputEnded: false, report: null });
    if (this.#runs.size === 1) this.#hold(true);
    this.helper.send({ id, bin, args });
    return () => {
      if (this.#runs.has(id) && this.helper.connected) this.helper.send({ type: 'kill', id });
    };
  }

  async close(): Promise<void> {
    this.#alive = false;
    if (this.helper.connected) this.helper.disconnect();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }

  #accept(socket: Socket): void {
    let header = Buffer.alloc(0);
    let run: Run | undefined;
    let id = 0;
    socket.on('data', (chunk: Buffer) => {
      if (!run) {
        header = Buffer.concat([header, chunk]);
        if (header.length < 4) return;
        id = header.readUInt32LE(0);
        run = this.#runs.get(id);
        if (!run) {
          socket.destroy();
          return;
        }
        chunk = header.subarray(4);
        if (chunk.length === 0) return;
      }
      run.handlers.onStdout(chunk);
    });
    const ended = (): void => {
      if (!run || run.outputEnded) return;
      run.outputEnded = true;
      this.#finishIfDone(id, run);
    };
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', () => socket.destroy());
  }

  #finishIfDone(id: number, run: Run): void {
    const { report } = run;
    if (!report) return;
    // A tool that never started has no output to wait for.
    if (!('error' in report) && !run.outputEnded) return;
    this.#runs.delete(id);
    if (this.#runs.size === 0) this.#hold(false);
    if ('error' in report) run.handlers.onExit({ error: Object.assign(new Error(report.error.message), report.error.code ? { code: report.error.code } : {}) });
    else run.handlers.onExit({ code: report.code, stderr: report.stderr });
  }

  #fail(reason: string): void {
    this.#alive = false;
    for (const [id, run] of this.#runs) {
      this.#runs.delete(id);
      run.handlers.onExit({ error: new Error(reason) });
    }
    this.#hold(false);
  }
}
