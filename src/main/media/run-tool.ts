/** Runs ffmpeg / ffprobe as child processes: stdout as bytes, stderr kept for error messages. */
import { spawn } from 'node:child_process';

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
