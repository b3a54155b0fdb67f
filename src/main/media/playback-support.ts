/**
 * Whether a page (Chromium, in Electron or a browser under `viper serve`) can decode a clip's video, from
 * what ffprobe says of it. Chromium ships decoders for H.264 (8-bit 4:2:0 profiles), VP8, VP9 and AV1 only;
 * HEVC, MPEG-4 Part 2, ProRes, MJPEG and the rest play their audio over a black picture, with no error
 * event. Those clips need a playback proxy (proxy-build.ts).
 */

/** Codecs as ffprobe names them that Chromium decodes (subject to the H.264 profile check below). */
const PLAYABLE_CODECS = new Set(['h264', 'vp8', 'vp9', 'av1']);

/** H.264 profiles Chromium refuses: 10-bit and 4:2:2 / 4:4:4 ones (ffprobe's names). */
const UNPLAYABLE_H264_PROFILES = /^High (10|4:2:2|4:4:4)/i;

export interface VideoFacts {
  codec: string;
  /** Unknown for clips stored before profiles were read: then only the codec decides. */
  profile?: string | null;
  pixFmt?: string | null;
}

/** True when the page cannot be trusted to show the picture, so a proxy should be made and served. */
export function needsPlaybackProxy(video: VideoFacts): boolean {
  const codec = video.codec.toLowerCase();
  if (!PLAYABLE_CODECS.has(codec)) return true;
  if (codec !== 'h264') return false;
  if (video.profile && UNPLAYABLE_H264_PROFILES.test(video.profile)) return true;
  // A 4:2:0 8-bit picture is what every Chromium build decodes; anything else (yuv444p, yuv420p10le) is not.
  return video.pixFmt ? !/^yuvj?420p$/.test(video.pixFmt) : false;
}
