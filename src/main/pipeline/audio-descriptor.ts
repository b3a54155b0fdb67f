/**
 * The default audio embedding of a fragment (when no x-vector model is installed): statistics of
 * short-time acoustic features, computed with Meyda (spectra, mel bands, loudness) and pitchfinder
 * (YIN pitch). Frames of 32 ms (512 samples at 16 kHz), hop 16 ms, Hann window.
 *
 * Layout of the 128 values, in order:
 *   0–39    mean of the log mel-band energies (40 bands)
 *   40–79   standard deviation of the log mel-band energies
 *   80–119  standard deviation of their frame-to-frame deltas (how fast the spectrum moves)
 *   120     mean total loudness (sones, Zwicker's model as Meyda computes it)
 *   121     standard deviation of the loudness
 *   122     mean RMS level, dBFS / 100
 *   123     mean zero-crossing rate, crossings per sample
 *   124     mean spectral centroid, kHz
 *   125     mean spectral flatness (0 tonal … 1 noise)
 *   126     voiced fraction: frames where YIN finds a pitch in 60–500 Hz
 *   127     median pitch of the voiced frames, log2(f0 / 100 Hz); 0 when none are voiced
 * A fragment of digital silence gives all zeros and `silent: true`, never NaN.
 */
import Meyda from 'meyda';
import { YIN } from 'pitchfinder';

export const AUDIO_DESCRIPTOR_DIMS = 128;
export const AUDIO_DESCRIPTOR_ID = 'acoustic-descriptor-v1';

const SAMPLE_RATE = 16_000;
const FRAME = 512;
const HOP = 256;
const MEL_BANDS = 40;
/** Floor under mel energies before the log: about −100 dB, so near-silence stays finite. */
const MEL_FLOOR = 1e-10;
const PITCH_RANGE_HZ: readonly [number, number] = [60, 500];

export interface AudioDescriptor {
  vector: Float32Array;
  silent: boolean;
}

interface FrameFeatures {
  logMel: Float64Array;
  loudness: number;
  rmsDb: number;
  zcr: number;
  centroidKhz: number;
  flatness: number;
  pitchHz: number | null;
}

const detectPitch = YIN({ sampleRate: SAMPLE_RATE, threshold: 0.15 });

function frameFeatures(frame: Float32Array): FrameFeatures {
  Meyda.sampleRate = SAMPLE_RATE;
  Meyda.bufferSize = FRAME;
  Meyda.melBands = MEL_BANDS;
  Meyda.windowingFunction = 'hanning';
  const f = Meyda.extract(['melBands', 'loudness', 'rms', 'zcr', 'spectralCentroid', 'spectralFlatness'], frame) as unknown as {
    melBands: number[];
    loudness: { total: number };
    rms: number;
    zcr: number;
    spectralCentroid: number;
    spectralFlatness: number;
  };
  const finite = (value: number): number => (Number.isFinite(value) ? value : 0);
  const pitch = detectPitch(frame);
  return {
    logMel: Float64Array.from(f.melBands, (m) => Math.log(Math.max(finite(m), 0) + MEL_FLOOR)),
    loudness: finite(f.loudness.total),
    rmsDb: f.rms > 0 ? 20 * Math.log10(f.rms) : -100,
    zcr: finite(f.zcr) / FRAME,
    // Meyda gives the centroid as an FFT bin index of the half spectrum.
    centroidKhz: (finite(f.spectralCentroid) * SAMPLE_RATE) / FRAME / 1000,
    flatness: finite(f.spectralFlatness),
    pitchHz: pitch !== null && pitch >= PITCH_RANGE_HZ[0] && pitch <= PITCH_RANGE_HZ[1] ? pitch : null,
  };
}

/** Frames of the fragment; a fragment shorter than one frame is zero-padded to one. */
function frames(samples: Float32Array): Float32Array[] {
  if (samples.length <= FRAME) {
    const padded = new Float32Array(FRAME);
    padded.set(samples);
    return [padded];
  }
  const out: Float32Array[] = [];
  for (let start = 0; start + FRAME <= samples.length; start += HOP) out.push(samples.slice(start, start + FRAME));
  return out;
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
const std = (values: readonly number[]): number => {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
};
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export function describeAudioFragment(samples: Float32Array): AudioDescriptor {
  const vector = new Float32Array(AUDIO_DESCRIPTOR_DIMS);
  if (samples.every((s) => s === 0)) return { vector, silent: true };
  const features = frames(samples).map(frameFeatures);
  for (let band = 0; band < MEL_BANDS; band += 1) {
    const series = features.map((f) => f.logMel[band] as number);
    vector[band] = mean(series);
    vector[MEL_BANDS + band] = std(series);
    vector[2 * MEL_BANDS + band] = std(series.slice(1).map((v, i) => v - (series[i] as number)));
  }
  const voiced = features.flatMap((f) => (f.pitchHz === null ? [] : [f.pitchHz]));
  vector.set(
    [
      mean(features.map((f) => f.loudness)),
      std(features.map((f) => f.loudness)),
      mean(features.map((f) => f.rmsDb)) / 100,
      mean(features.map((f) => f.zcr)),
      mean(features.map((f) => f.centroidKhz)),
      mean(features.map((f) => f.flatness)),
      voiced.length / features.length,
      voiced.length > 0 ? Math.log2(median(voiced) / 100) : 0,
    ],
    3 * MEL_BANDS,
  );
  return { vector, silent: false };
}
