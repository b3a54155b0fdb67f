/**
 * Decoding one clip ahead of the models: while clip k is in the face and audio models, clip k+1's
 * frames and audio decode in their ffmpeg processes, so the machine's cores are not idle while ffmpeg
 * seeks and decodes (DESIGN: decode is a third of a clip's time). At most one clip waits decoded, so
 * memory stays at two clips' frames.
 */
import type { FrameSample } from '../../../shared/api';
import type { MediaTools } from '../../media/media-tools';
import { decodeClip, type DecodedClip } from './analyse-clip';

export interface ClipToDecode {
  id: number;
  path: string;
  audioPath: string | null;
  samples: readonly FrameSample[];
}

export class DecodeAhead {
  private pending: { id: number; decoded: Promise<DecodedClip> } | null = null;
  /** Aborts a prefetch nobody took (the job stopped); the job's own signal aborts everything. */
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly tools: MediaTools,
    signal?: AbortSignal,
  ) {
    this.signal = signal ? AbortSignal.any([signal, this.controller.signal]) : this.controller.signal;
  }

  /** Starts decoding `clip` now, unless it is already the one decoding. */
  prefetch(clip: ClipToDecode): void {
    if (this.pending?.id === clip.id) return;
    const decoded = decodeClip(this.tools, clip, clip.samples, this.signal);
    // The failure is the clip's: it surfaces when the clip is taken, not as an unhandled rejection.
    decoded.catch(() => undefined);
    this.pending = { id: clip.id, decoded };
  }

  /** `clip` decoded: the prefetched one, else decoded now. Rejects as its decoding did. */
  take(clip: ClipToDecode): Promise<DecodedClip> {
    const pending = this.pending;
    this.pending = null;
    return pending?.id === clip.id ? pending.decoded : decodeClip(this.tools, clip, clip.samples, this.signal);
  }

  /** Stops a prefetch no one will take (its ffmpeg processes are killed). */
  close(): void {
    this.controller.abort();
    this.pending = null;
  }
}
