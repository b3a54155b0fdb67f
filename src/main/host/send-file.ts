/**
 * Pipes an open file to a response so that the file is closed however the response ends. A plain
 * `pipe()` leaves the file open when the client aborts (a <video> aborts a download on every seek), and
 * each leak holds a descriptor until the process runs out of them (EMFILE).
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function sendFile(file: Readable, response: ServerResponse): Promise<void> {
  try {
    await pipeline(file, response);
  } catch {
    // The client went away, or the file failed part-way (headers are sent, so nothing better can be said):
    // pipeline has destroyed both the file and the response either way.
  }
}
