/**
 * What ffprobe says about a video, reduced to the facts a clip needs (media/probe.ts reads it). It lives
 * here because the store keeps it with each clip (clip_probes, migration 021) and checks it when read back:
 * the schema is the one definition, the types are read from it.
 */
import { z } from 'zod';

const videoStreamSchema = z.object({
  index: z.number().int(),
  codec: z.string(),
  /** ffprobe's profile name ("High", "High 10", "Main") and pixel format ("yuv420p"); null when it names none. */
  profile: z.string().nullable(),
  pixFmt: z.string().nullable(),
  /** Coded size, before rotation. */
  codedWidth: z.number(),
  codedHeight: z.number(),
  /** Size as displayed (and as ffmpeg decodes it, since it applies the rotation). */
  width: z.number(),
  height: z.number(),
  /** Display rotation in degrees, normalised to 0, 90, 180 or 270. */
  rotationDeg: z.number(),
  /** Average frame rate; for variable frame rate clips the timestamps, not this, place frames. */
  fps: z.number(),
  frameCountHint: z.number().nullable(),
});

const audioStreamSchema = z.object({
  index: z.number().int(),
  codec: z.string(),
  sampleRate: z.number(),
  channels: z.number(),
  startTimeS: z.number(),
});

/** MediaInfo, as ffprobe's answer is reduced to it and as it is read back from clip_probes.media_json. */
export const mediaInfoSchema = z.object({
  path: z.string(),
  sizeBytes: z.number(),
  container: z.string(),
  durationS: z.number(),
  /** The container's start time; stored times are relative to it, as ffmpeg decodes them. */
  startTimeS: z.number(),
  video: videoStreamSchema,
  audio: audioStreamSchema.nullable(),
});

export type VideoStreamInfo = z.infer<typeof videoStreamSchema>;
export type AudioStreamInfo = z.infer<typeof audioStreamSchema>;
export type MediaInfo = z.infer<typeof mediaInfoSchema>;
