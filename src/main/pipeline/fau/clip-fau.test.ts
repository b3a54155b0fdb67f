import { describe, expect, it } from 'vitest';
import { AU_NAMES, AU_RULES, DERIVED_AUS, type AuName } from './au-intensities';
import { canonicalFace, shift, transform } from './canonical-face.test-helper';
import { BASIC_EMOTIONS, clipFau, FAU_TOKEN_DIMS } from './clip-fau';
import type { Vec3 } from './face-frame';

const neutral = canonicalFace();
/** A broad smile: corners up and out, cheeks and lower lids raised. */
const smile = (face: Vec3[]): Vec3[] => shift(shift(shift(shift(face, [61], -0.06, -0.07), [291], 0.06, -0.07), [205, 425], 0, -0.05), [145, 374], 0, -0.02);
const browsUp = (face: Vec3[]): Vec3[] => shift(face, [55, 285, 70, 300], 0, -0.09);
const eyesClosed = (face: Vec3[]): Vec3[] => shift(shift(face, [159], 0, (neutral[145]![1] - neutral[159]![1]) / 66.7), [386], 0, (neutral[374]![1] - neutral[386]![1]) / 66.7);
const jawOpen = (face: Vec3[]): Vec3[] => shift(shift(face, [152, 17], 0, 0.2), [14], 0, 0.12);

const HAPPY = [0.01, 0.01, 0.01, 0.9, 0.02, 0.02, 0.03];
const CALM = [0.02, 0.01, 0.02, 0.05, 0.05, 0.05, 0.8];

/** AUs of `expression` measured in a clip whose other frames are neutral. */
function ausOf(expression: Vec3[]): Record<AuName, number> {
  const frames = [neutral, neutral, neutral, expression].map((landmarks, i) => ({ landmarks, emotions: i < 3 ? CALM : HAPPY }));
  return clipFau(frames)[3]!.aus;
}

describe('FAU from landmarks', () => {
  it('documents every AU with the muscle movement it stands for', () => {
    for (const name of AU_NAMES) expect(AU_RULES[name]?.facs ?? DERIVED_AUS[name as keyof typeof DERIVED_AUS]).toMatch(/\(.+\)/);
  });

  it('reads a broad smile as AU12 and AU06, and nothing much else', () => {
    const aus = ausOf(smile(neutral));
    expect(aus.AU12).toBeGreaterThan(0.6);
    expect(aus.AU06).toBeGreaterThan(0.6);
    for (const other of ['AU01', 'AU02', 'AU04', 'AU15', 'AU26', 'AU43'] as const) expect(aus[other], other).toBeLessThan(0.1);
  });

  it('reads raised brows as AU01 and AU02, closed eyes as AU43, an open jaw as AU26 and AU25', () => {
    const brows = ausOf(browsUp(neutral));
    expect([brows.AU01, brows.AU02]).toEqual([expect.closeTo(1, 1), expect.closeTo(1, 1)]);
    const closed = ausOf(eyesClosed(neutral));
    expect(closed.AU43).toBeCloseTo(1, 2);
    expect(closed.AU07).toBeCloseTo(0, 6);
    const jaw = ausOf(jawOpen(neutral));
    expect(jaw.AU26).toBeGreaterThan(0.9);
    expect(jaw.AU25).toBeGreaterThan(0.9);
  });

  it('gives the same AUs whatever the face size, place, roll and yaw, and reports the pose', () => {
    const straight = ausOf(smile(neutral));
    const turnedFrames = [neutral, neutral, neutral, smile(neutral)].map((f, i) => ({ landmarks: transform(f, 25, -12, 1.8, 40, -20), emotions: i < 3 ? CALM : HAPPY }));
    const turned = clipFau(turnedFrames)[3]!;
    for (const name of AU_NAMES) expect(turned.aus[name], name).toBeCloseTo(straight[name], 9);
    expect(turned.pose.rollDeg).toBeCloseTo(-12, 6);
    expect(turned.pose.yawDeg).toBeCloseTo(25, 6);
    expect(turned.pose.pitchDeg).toBeCloseTo(0, 6);
  });

  it('takes the baseline from the frames the emotion model finds most neutral, even when most frames smile', () => {
    const frames = [smile(neutral), smile(neutral), neutral, smile(neutral), smile(neutral), neutral].map((landmarks, i) => ({ landmarks, emotions: i === 2 || i === 5 ? CALM : HAPPY }));
    const result = clipFau(frames);
    expect(result[2]!.aus.AU12).toBeCloseTo(0, 9);
    expect(result[0]!.aus.AU12).toBeGreaterThan(0.6);
  });

  it('builds 32-value tokens — 20 AUs, 7 emotions, 5 zeros — and leaves faceless frames null', () => {
    const result = clipFau([{ landmarks: neutral, emotions: CALM }, { landmarks: null, emotions: null }, { landmarks: smile(neutral), emotions: HAPPY }]);
    expect(result[1]).toBeNull();
    const token = result[2]!.token;
    expect(token).toHaveLength(FAU_TOKEN_DIMS);
    expect([...token.slice(20, 27)]).toEqual(HAPPY.map((v) => Math.fround(v)));
    expect([...token.slice(27)]).toEqual([0, 0, 0, 0, 0]);
    expect(token[AU_NAMES.indexOf('AU12')]).toBeGreaterThan(0.5);
    expect(BASIC_EMOTIONS[3]).toBe('happiness');
    expect(clipFau([{ landmarks: null, emotions: null }])).toEqual([null]);
  });
});
