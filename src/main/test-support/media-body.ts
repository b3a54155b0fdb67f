/** The bytes of a media answer's body (clip-media.ts): a file stream read to its end, or the error text. */
import type { Readable } from 'node:stream';

export async function bytesOf(body: Readable | string): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
