/** Runs ffmpeg / ffprobe as child processes: stdout as bytes, stderr kept for error messages. */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

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
  /** Opens file descriptor 3 as a second output pipe (ffmpeg's `pipe:3`) and calls this with each chunk. */
  onPipe3?: (chunk: Buffer) => void;
}

/** Resolves when the tool exits 0; rejects with ToolFailure otherwise (or the abort reason). */
export function runTool(bin: string, args: readonly string[], options: RunOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const onPipe3 = options.onPipe3;
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe', onPipe3 ? 'pipe' : 'ignore'], signal: options.signal });
    // Node types a four-entry stdio loosely; these are the pipes just asked for.
    const [, stdout, stderrPipe, pipe3] = child.stdio as unknown as [null, Readable, Readable, Readable | null];
    if (onPipe3) pipe3?.on('data', (chunk: Buffer) => onPipe3(chunk));
    const chunks: Buffer[] = [];
    let stderr = '';
    stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) options.onStdout(chunk);
      else chunks.push(chunk);
    });
    stderrPipe.setEncoding('utf8');
    stderrPipe.on('data', (text: string) => {
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
