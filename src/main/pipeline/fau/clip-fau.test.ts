import { describe, expect, it } from 'vitest';
import { FAU_MASK_MEANINGS, FAU_MASK_REASONS } from '../../../shared/clips-api';
import { AU_NAMES, AU_RULES, DERIVED_AUS, type AuName } from './au-intensities';
import { populationNeutralFace, POSED_ACTIONS, shift, transform } from './canonical-face.test-helper';
import { BASIC_EMOTIONS, clipFau, FAU_TOKEN_DIMS, isMasked, type FrameFau, type FrameFaceInput } from './clip-fau';
import type { Vec3 } from './face-frame';
import type { AuReference } from './neutral-reference';

const neutral = populationNeutralFace();
const pose = (face: Vec3[], ...aus: AuName[]): Vec3[] => aus.reduce((f, au) => (POSED_ACTIONS[au] as (f: Vec3[]) => Vec3[])(f), face);
const smile = (face: Vec3[]): Vec3[] => pose(face, 'AU06', 'AU12');

const HAPPY = [0.01, 0.01, 0.01, 0.9, 0.02, 0.02, 0.03];
const CALM = [0.02, 0.01, 0.02, 0.05, 0.05, 0.05, 0.8];
const UNSURE = [0.05, 0.05, 0.1, 0.1, 0.1, 0.1, 0.5];

const fau = (frames: FrameFaceInput[], reference: AuReference = 'population'): FrameFau[] => clipFau(frames, { reference }) as FrameFau[];
/** The face held still for a clip of `n` frames, with the same emotion scores throughout (no neutral phase). */
const held = (face: Vec3[], emotions: number[] | null, n = 4): FrameFau => fau(Array.from({ length: n }, () => ({ landmarks: face, emotions })))[0] as FrameFau;

describe('FAU from landmarks', () => {
  it('documents every AU with the muscle movement it stands for', () => {
    for (const name of AU_NAMES) expect(AU_RULES[name]?.facs ?? DERIVED_AUS[name as keyof typeof DERIVED_AUS]).toMatch(/\(.+\)/);
  });

  it('reads a smile held through a clip with no neutral phase as AU12 and AU06, and nothing much else', () => {
    const { aus } = held(smile(neutral), HAPPY);
    expect(aus.AU12).toBeGreaterThan(0.6);
    expect(aus.AU06).toBeGreaterThan(0.6);
    for (const other of ['AU01', 'AU02', 'AU04', 'AU09', 'AU15', 'AU26', 'AU43'] as const) expect(aus[other], other).toBeLessThan(0.1);
    // The clip's own baseline (OpenFace's dynamic calibration) sees no change in the same clip.
    const relative = fau(Array.from({ length: 4 }, () => ({ landmarks: smile(neutral), emotions: HAPPY })), 'clip')[0] as FrameFau;
    expect(relative.aus.AU12).toBeCloseTo(0, 9);
  });

  it('reads posed surprise, anger and disgust held through clips with no neutral phase', () => {
    const SURPRISED = [0.01, 0.01, 0.02, 0.01, 0.0, 0.95, 0.0];
    const ANGRY = [0.9, 0.03, 0.02, 0.0, 0.03, 0.0, 0.02];
    const DISGUSTED = [0.05, 0.9, 0.02, 0.0, 0.02, 0.0, 0.01];
    const surprise = held(pose(neutral, 'AU01', 'AU02', 'AU05', 'AU26'), SURPRISED).aus;
    for (const name of ['AU01', 'AU02', 'AU05', 'AU26'] as const) expect(surprise[name], name).toBeGreaterThanOrEqual(0.6);
    const anger = held(pose(neutral, 'AU04', 'AU05', 'AU23'), ANGRY).aus;
    for (const name of ['AU04', 'AU05', 'AU23'] as const) expect(anger[name], name).toBeGreaterThanOrEqual(0.6);
    for (const name of ['AU01', 'AU02', 'AU12'] as const) expect(anger[name], name).toBeLessThanOrEqual(0.1);
    const disgust = held(pose(neutral, 'AU09', 'AU10'), DISGUSTED).aus;
    for (const name of ['AU09', 'AU10'] as const) expect(disgust[name], name).toBeGreaterThanOrEqual(0.6);
    for (const name of ['AU04', 'AU12', 'AU06'] as const) expect(disgust[name], name).toBeLessThanOrEqual(0.1);
  });

  it('reads raised brows as AU01 and AU02, closed eyes as AU43, an open jaw as AU26 and AU25, each from one frame', () => {
    const brows = held(pose(neutral, 'AU01', 'AU02'), null, 1).aus;
    expect([brows.AU01, brows.AU02]).toEqual([expect.closeTo(1, 1), expect.closeTo(1, 1)]);
    const closed = held(pose(neutral, 'AU43'), null, 1).aus;
    expect(closed.AU43).toBeCloseTo(1, 2);
    expect(closed.AU07).toBeCloseTo(0, 6);
    const jaw = held(pose(neutral, 'AU26'), null, 1).aus;
    expect(jaw.AU26).toBeGreaterThan(0.9);
    expect(jaw.AU25).toBeGreaterThan(0.9);
  });

  it('gives the same AUs whatever the face size, place, roll and yaw, and reports the pose', () => {
    const straight = held(smile(neutral), HAPPY).aus;
    const turned = fau(Array.from({ length: 4 }, () => ({ landmarks: transform(smile(neutral), 25, -12, 1.8, 40, -20), emotions: HAPPY })))[0] as FrameFau;
    for (const name of AU_NAMES) expect(turned.aus[name], name).toBeCloseTo(straight[name], 9);
    expect(turned.pose.rollDeg).toBeCloseTo(-12, 6);
    expect(turned.pose.yawDeg).toBeCloseTo(25, 6);
    expect(turned.pose.pitchDeg).toBeCloseTo(0, 6);
  });

  it('calibrates brow height, eye aperture and lip thickness on confidently neutral frames only, and by a bounded amount', () => {
    // A subject whose brows sit 0.03 higher and lips are 0.02 thinner at rest than the population's.
    const own = shift(shift(neutral, [55, 285, 70, 300], 0, -0.03), [0], 0, 0.02);
    expect(held(own, CALM).aus.AU01).toBeLessThan(0.05);
    expect(held(own, UNSURE).aus.AU01).toBeGreaterThan(0.3);
    // Calibrated, the same subject's brow raise of 0.06 reads as a raise of 0.06, not of 0.09.
    const frames = [own, own, own, shift(own, [55, 285, 70, 300], 0, -0.06)].map((landmarks, i) => ({ landmarks, emotions: i < 3 ? CALM : HAPPY }));
    expect((fau(frames)[3] as FrameFau).aus.AU01).toBeCloseTo(0.75, 1);
    // A raised-brow face the emotion model wrongly calls neutral moves the reference by at most 0.04: AU01 stays.
    expect(held(pose(neutral, 'AU01'), CALM).aus.AU01).toBeGreaterThanOrEqual(0.6);
    // The mouth is not an identity measure: a smile called neutral still reads as a smile.
    expect(held(smile(neutral), CALM).aus.AU12).toBeGreaterThan(0.6);
  });

  it('builds 32-value tokens — 20 AUs, 7 emotions, 5 zeros — and leaves faceless frames null', () => {
    const result = fau([{ landmarks: neutral, emotions: CALM }, { landmarks: null, emotions: null }, { landmarks: smile(neutral), emotions: HAPPY }]);
    expect(result[1]).toBeNull();
    const token = (result[2] as FrameFau).token;
    expect(token).toHaveLength(FAU_TOKEN_DIMS);
    expect([...token.slice(20, 27)]).toEqual(HAPPY.map((v) => Math.fround(v)));
    expect([...token.slice(27)]).toEqual([0, 0, 0, 0, 0]);
    expect(token[AU_NAMES.indexOf('AU12')]).toBeGreaterThan(0.6);
    expect(BASIC_EMOTIONS[3]).toBe('happiness');
    expect(clipFau([{ landmarks: null, emotions: null }])).toEqual([null]);
  });

  it('masks, with the reason, a face turned 80°, a face partly out of the picture, and a NaN or collapsed mesh; the other frames still read', () => {
    const frameSize = { width: 640, height: 360 };
    const withNaN = neutral.map((p, i): Vec3 => (i === 152 ? [Number.NaN, p[1], p[2]] : p));
    const collapsed = neutral.map((): Vec3 => [100, 100, 0]);
    // Only the right eye's corners collapsed onto one point: its width, which lid aperture divides by, is 0.
    const eyeCollapsed = neutral.map((p, i): Vec3 => (i === 133 ? [...(neutral[33] as Vec3)] : p));
    const result = clipFau([
      { landmarks: transform(neutral, 80, 0, 1, 0, 0), emotions: CALM, frameSize },
      // The face moved down until its chin and mouth leave a 360-pixel-high picture.
      { landmarks: transform(neutral, 0, 0, 1, 0, 180), emotions: CALM, frameSize },
      { landmarks: withNaN, emotions: CALM, frameSize },
      { landmarks: collapsed, emotions: CALM, frameSize },
      { landmarks: smile(neutral), emotions: HAPPY, frameSize },
      { landmarks: eyeCollapsed, emotions: CALM, frameSize },
    ]);
    expect(result[5]).toEqual({ masked: 'degenerate-mesh', pose: null });
    expect(result.slice(0, 4).map((r) => (isMasked(r ?? null) ? (r as { masked: string }).masked : r))).toEqual(['turned-away', 'out-of-frame', 'degenerate-mesh', 'degenerate-mesh']);
    // A turned face keeps its pose for the review; a broken mesh has none.
    expect(result[0]).toMatchObject({ pose: { yawDeg: expect.closeTo(80, 6) } });
    expect(result[2]).toEqual({ masked: 'degenerate-mesh', pose: null });
    expect(Object.keys(FAU_MASK_MEANINGS)).toEqual([...FAU_MASK_REASONS]);
    expect(isMasked(result[4] ?? null)).toBe(false);
    expect((result[4] as FrameFau).aus.AU12).toBeGreaterThan(0.6);
    // Turned 35°, the face is still measured, and measured alike.
    const turned35 = held(transform(smile(neutral), 35, 0, 1, 0, 0), HAPPY).aus;
    expect(turned35.AU12).toBeCloseTo(held(smile(neutral), HAPPY).aus.AU12, 6);
  });
});
