/**
 * What ffprobe says about a video, reduced to the facts a clip needs (media/probe.ts reads it). It lives
 * here because the store keeps it with each clip (clip_probes, migration 021) and checks it when read back.
 */
import { z } from 'zod';

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** ffprobe's profile name ("High", "High 10", "Main") and pixel format ("yuv420p"); null when it names none. */
  profile: string | null;
  pixFmt: string | null;
  /** Coded size, before rotation. */
  codedWidth: number;
  codedHeight: number;
  /** Size as displayed (and as ffmpeg decodes it, since it applies the rotation). */
  width: number;
  height: number;
  /** Display rotation in degrees, normalised to 0, 90, 180 or 270. */
  rotationDeg: number;
  /** Average frame rate; for variable frame rate clips the timestamps, not this, place frames. */
  fps: number;
  frameCountHint: number | null;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  startTimeS: number;
}

export interface MediaInfo {
  path: string;
  sizeBytes: number;
  container: string;
  durationS: number;
  /** The container's start time; stored times are relative to it, as ffmpeg decodes them. */
  startTimeS: number;
  video: VideoStreamInfo;
  audio: AudioStreamInfo | null;
}

/** MediaInfo as read back from clip_probes.media_json. */
export const mediaInfoSchema = z.object({
  path: z.string(),
  sizeBytes: z.number(),
  container: z.string(),
  durationS: z.number(),
  startTimeS: z.number(),
  video: z.object({
    index: z.number().int(),
    codec: z.string(),
    profile: z.string().nullable(),
    pixFmt: z.string().nullable(),
    codedWidth: z.number(),
    codedHeight: z.number(),
    width: z.number(),
    height: z.number(),
    rotationDeg: z.number(),
    fps: z.number(),
    frameCountHint: z.number().nullable(),
  }),
  audio: z.object({ index: z.number().int(), codec: z.string(), sampleRate: z.number(), channels: z.number(), startTimeS: z.number() }).nullable(),
}) satisfies z.ZodType<MediaInfo>;
