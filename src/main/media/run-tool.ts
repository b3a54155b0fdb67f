/**
 * Runs ffmpeg / ffprobe as child processes: stdout as bytes, stderr kept for error messages. A thread that
 * called useToolSpawner() starts them through its small helper process (tool-spawner.ts), the same way.
 */
import { spawn } from 'node:child_process';
import { ToolSpawner } from './tool-spawner';

/** This thread's helper, when it asked for one. */
let spawner: ToolSpawner | null = null;

/** Starts this thread's tools from a small helper process from now on (where the platform allows it). */
export async function useToolSpawner(): Promise<void> {
  if (spawner?.alive) return;
  spawner = await ToolSpawner.start();
}

/** Stops the helper; later tools are spawned directly. */
export async function stopToolSpawner(): Promise<void> {
  const stopping = spawner;
  spawner = null;
  await stopping?.close();
}

export interface ToolResult {
  stdout: Buffer;
  stderr: string;
}

export class ToolFailure extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${tool} exited with ${exitCode ?? 'a signal'}: ${lastLines(stderr, 3) || '(no message)'}`);
    this.name = 'ToolFailure';
  }
}

/** The last `count` non-empty lines of a tool's stderr, for messages. */
export function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Called with each stdout chunk instead of collecting it (for streams of frames). */
  onStdout?: (chunk: Buffer) => void;
}

/** Resolves when the tool exits 0; rejects with ToolFailure otherwise (or the abort reason). */
export function runTool(bin: string, args: readonly string[], options: RunOptions = {}): Promise<ToolResult> {
  const helper = spawner;
  if (helper?.alive) return runThroughHelper(helper, bin, args, options);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) options.onStdout(chunk);
      else chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      // Keep the tail only: a damaged file can make ffmpeg print megabytes of warnings.
      stderr = (stderr + text).slice(-16_384);
    });
    child.on('error', (error) => {
      // Aborted while running: wait for 'close', so that the caller's clean-up (a partial file) runs after the tool has let go.
      if (options.signal?.aborted && child.pid !== undefined && child.exitCode === null && child.signalCode === null) return;
      reject(options.signal?.aborted ? options.signal.reason : error);
    });
    child.on('close', (code) => {
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (code === 0) resolve({ stdout: Buffer.concat(chunks), stderr });
      else reject(new ToolFailure(bin, code, stderr));
    });
  });
}

function runThroughHelper(helper: ToolSpawner, bin: string, args: readonly string[], options: RunOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const chunks: Buffer[] = [];
    const onAbort = (): void => kill();
    const kill = helper.run(bin, args, {
      onStdout: (chunk) => {
        if (options.onStdout) options.onStdout(chunk);
        else chunks.push(chunk);
      },
      onExit: (result) => {
        signal?.removeEventListener('abort', onAbort);
        // As with a direct spawn, an aborted run settles once the tool has let go.
        if (signal?.aborted) reject(signal.reason);
        else if ('error' in result) reject(result.error);
        else if (result.code === 0) resolve({ stdout: Buffer.concat(chunks), stderr: result.stderr });
        else reject(new ToolFailure(bin, result.code, result.stderr));
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
