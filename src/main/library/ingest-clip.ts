/**
 * Turns one video file into a stored clip: probe, frame times, the sampling plan, a decode of the
 * sampled frames and the audio (which proves they can be read, and measures each fragment's level). A
 * video without an audio track takes its sound from a sibling .wav where one exists (audio-sidecar.ts).
 */
import { basename, extname } from 'node:path';
import type { FrameSample, SamplingOptions } from '../../shared/api';
import { findSidecarAudio, probeAudioFile, type AudioSource } from '../media/audio-sidecar';
import { AUDIO_SAMPLE_RATE, audioFragment, decodeAudio, isDigitalSilence, rmsDb } from '../media/decode-audio';
import { decodeFrames } from '../media/decode-frames';
import type { FileIdentity } from '../media/file-identity';
import { readFrameTimes } from '../media/frame-times';
import type { MediaTools } from '../media/media-tools';
import { probeMedia, type MediaInfo } from '../media/probe';
import { planSamples, plannedFrames } from '../media/sampling';
import type { NewClip } from '../store/clips-store';

/** Frames are decoded small at import: enough to prove they decode, cheap to move through the pipe. */
const VERIFY_MAX_SIDE = 64;

export interface SampledClip {
  media: MediaInfo;
  /** The audio the clip was sampled with: the video's own track, or a sidecar .wav when it has none. */
  audio: AudioSource;
  frameCount: number;
  samples: FrameSample[];
  audioSilent: boolean | null;
}

export async function sampleClip(tools: MediaTools, path: string, sampling: SamplingOptions, signal?: AbortSignal): Promise<SampledClip> {
  const media = await probeMedia(tools, path, signal);
  const frameTimes = await readFrameTimes(tools, media, signal);
  const frames = plannedFrames(frameTimes, sampling, path);
  const sidecar = media.audio ? null : findSidecarAudio(path);
  const audioSource = sidecar ? await probeAudioFile(tools, sidecar, signal) : media;
  // Two ffmpeg processes side by side: video decoding rarely fills both cores on its own.
  const [, audio] = await Promise.all([
    decodeFrames(tools, media, frames, () => undefined, { maxSide: VERIFY_MAX_SIDE, signal }),
    audioSource.audio ? decodeAudio(tools, audioSource, signal) : Promise.resolve(null),
  ]);
  // The authors' windows divide the decoded audio's length, which only the decode knows.
  const plan = planSamples(frameTimes, audio ? audio.length : Math.round(media.durationS * AUDIO_SAMPLE_RATE), sampling, path);
  const samples = plan.map((s) => ({
    ...s,
    audioRmsDb: audio ? rmsDb(audioFragment(audio, s.audioStartS, s.audioEndS, s.audioPadToS)) : null,
  }));
  return { media, audio: audioSource, frameCount: frameTimes.length, samples, audioSilent: audio ? isDigitalSilence(audio) : null };
}

/** Where the file was found: the path given, and the real file it names (probed and sampled) with its stat. */
export interface FoundFile {
  givenPath: string;
  realPath: string;
  identity: FileIdentity;
}

export function newClipRecord(sampled: SampledClip, found: FoundFile, contentHash: string, sampling: SamplingOptions): NewClip {
  const { media, audio } = sampled;
  const { sizeBytes, ...identity } = found.identity;
  return {
    // The name the user gave: a link named 00001.mp4 in a dataset folder names the clip, not its target.
    fileId: basename(found.givenPath, extname(found.givenPath)),
    path: found.realPath,
    importPath: found.givenPath === found.realPath ? null : found.givenPath,
    identity,
    contentHash,
    sizeBytes,
    container: media.container,
    durationS: media.durationS,
    fps: media.video.fps,
    frameCount: sampled.frameCount,
    width: media.video.width,
    height: media.video.height,
    rotationDeg: media.video.rotationDeg,
    videoCodec: media.video.codec,
    audioCodec: audio.audio?.codec ?? null,
    audioSampleRate: audio.audio?.sampleRate ?? null,
    hasAudio: audio.audio !== null,
    audioSilent: sampled.audioSilent,
    audioPath: audio.path === media.path ? null : audio.path,
    media,
    sampling,
  };
}
