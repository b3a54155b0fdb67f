/**
 * A waveform to draw: the peak |sample| in each time bucket of a decoded audio track. Buckets are at
 * least MIN_BUCKET_S and at most MAX_BUCKETS per clip, so an hour-long clip stays a few thousand values.
 */
export const MIN_BUCKET_S = 0.01;
export const MAX_BUCKETS = 4000;

export function waveformBucketS(durationS: number): number {
  return Math.max(MIN_BUCKET_S, durationS / MAX_BUCKETS);
}

/** Peak |sample| per bucket of `bucketS` seconds (the last bucket may be short), clamped to [0, 1]. */
export function peakEnvelope(samples: Float32Array, sampleRate: number, bucketS: number): Float32Array {
  const perBucket = Math.max(1, Math.round(bucketS * sampleRate));
  const peaks = new Float32Array(Math.ceil(samples.length / perBucket));
  for (let b = 0; b < peaks.length; b++) {
    let peak = 0;
    const end = Math.min(samples.length, (b + 1) * perBucket);
    for (let i = b * perBucket; i < end; i++) {
      const magnitude = Math.abs(samples[i] ?? 0);
      if (magnitude > peak) peak = magnitude;
    }
    peaks[b] = Math.min(1, peak);
  }
  return peaks;
}
