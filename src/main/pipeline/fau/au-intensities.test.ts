import { describe, expect, it } from 'vitest';
import { AU_NAMES, estimateAus, type AuName } from './au-intensities';
import { canonicalFace, populationNeutralFace, POSED_ACTIONS } from './canonical-face.test-helper';
import { toFaceFrame, type Vec3 } from './face-frame';
import { MEASURE_NAMES, measureFace } from './face-measures';
import { NOT_FROM_CANONICAL, POPULATION_NEUTRAL } from './neutral-reference';

const neutral = populationNeutralFace();
const ausOf = (face: Vec3[]): Record<AuName, number> => estimateAus(measureFace(toFaceFrame(face).points), POPULATION_NEUTRAL);

describe('AU intensities against the population neutral', () => {
  it('takes the reference from the canonical FaceMesh face, except the three measures its UV layout cannot give', () => {
    const canonical = measureFace(toFaceFrame(canonicalFace()).points);
    for (const name of MEASURE_NAMES) {
      if (NOT_FROM_CANONICAL[name]) expect(Math.abs(canonical[name] - POPULATION_NEUTRAL[name]), name).toBeGreaterThan(0.04);
      else expect(POPULATION_NEUTRAL[name], name).toBeCloseTo(canonical[name], 3);
    }
    // The population neutral face the tests pose actions on measures as the reference.
    const made = measureFace(toFaceFrame(neutral).points);
    for (const name of MEASURE_NAMES) expect(made[name], name).toBeCloseTo(POPULATION_NEUTRAL[name], 2);
  });

  it('reads the neutral reference face at most 0.1 on every AU, from one frame alone', () => {
    const aus = ausOf(neutral);
    for (const name of AU_NAMES) expect(aus[name], name).toBeLessThanOrEqual(0.1);
  });

  it('reads each AU posed at full strength on the neutral face at 0.6–1.0', () => {
    const posed = Object.entries(POSED_ACTIONS);
    expect(posed.length).toBeGreaterThanOrEqual(17);
    for (const [name, pose] of posed) {
      const value = ausOf(pose(neutral))[name as AuName];
      expect(value, name).toBeGreaterThanOrEqual(0.6);
      expect(value, name).toBeLessThanOrEqual(1);
    }
  });

  it('reads a posed surprise (1 + 2 + 5 + 26) as all four, and a posed smile (6 + 12) without AU09, AU14 or AU23', () => {
    const surprise = ausOf(POSED_ACTIONS.AU26!(POSED_ACTIONS.AU05!(POSED_ACTIONS.AU02!(POSED_ACTIONS.AU01!(neutral)))));
    for (const name of ['AU01', 'AU02', 'AU05', 'AU26'] as const) expect(surprise[name], name).toBeGreaterThanOrEqual(0.6);
    for (const name of ['AU04', 'AU06', 'AU09', 'AU12', 'AU15'] as const) expect(surprise[name], name).toBeLessThanOrEqual(0.1);
    // A smile lifts the nose wings and corner depth with the cheeks; those are put down to the smile.
    const smile = ausOf(setSmileSideEffects(POSED_ACTIONS.AU12!(POSED_ACTIONS.AU06!(neutral))));
    expect(smile.AU12).toBeGreaterThanOrEqual(0.6);
    expect(smile.AU06).toBeGreaterThanOrEqual(0.6);
    for (const name of ['AU09', 'AU14', 'AU23'] as const) expect(smile[name], name).toBeLessThanOrEqual(0.2);
  });
});

/** What FaceMesh shows with a broad smile on the fixtures: nose wings up 0.08, corners 0.06 deeper, lips 0.015 thinner. */
function setSmileSideEffects(face: Vec3[]): Vec3[] {
  const iod = (face[263] as Vec3)[0] - (face[33] as Vec3)[0];
  return face.map((p, i): Vec3 => {
    if (i === 98 || i === 327) return [p[0], p[1] - 0.08 * iod, p[2]];
    if (i === 61 || i === 291) return [p[0], p[1], p[2] + 0.06 * iod];
    if (i === 0) return [p[0], p[1] + 0.015 * iod, p[2]];
    return p;
  });
}
