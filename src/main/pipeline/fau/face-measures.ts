/**
 * Geometric measures of one face in its own frame (see face-frame.ts: y points down the face, unit =
 * outer-eye-corner distance). Each is averaged over both sides where the face has two. Action-unit
 * intensities are changes of these from a neutral reference (neutral-reference.ts, au-intensities.ts).
 */
import type { Vec3 } from './face-frame';

/** FaceMesh indices, per side [subject's right, subject's left]. */
const SIDES = {
  innerBrow: [55, 285],
  outerBrow: [70, 300],
  eyeInner: [133, 362],
  eyeOuter: [33, 263],
  upperLid: [159, 386],
  lowerLid: [145, 374],
  cheek: [205, 425],
  noseWing: [98, 327],
  lateralUpperLip: [39, 269],
  mouthCorner: [61, 291],
} as const;
const UPPER_LIP_TOP = 0;
const UPPER_LIP_INNER = 13;
const LOWER_LIP_INNER = 14;
const LOWER_LIP_BOTTOM = 17;
const NOSE_BOTTOM = 2;
const CHIN = 152;

/** Every landmark a measure reads (a frame with one of them outside the picture is masked: fau-mask.ts). */
export const MEASURED_LANDMARKS: readonly number[] = [...Object.values(SIDES).flat(), UPPER_LIP_TOP, UPPER_LIP_INNER, LOWER_LIP_INNER, LOWER_LIP_BOTTOM, NOSE_BOTTOM, CHIN];

export const MEASURE_NAMES = [
  'innerBrowHeight',
  'outerBrowHeight',
  'browGap',
  'eyeOpening',
  'lowerLidHeight',
  'cheekDrop',
  'noseWingDrop',
  'upperLipDrop',
  'lateralUpperLipDrop',
  'mouthWidth',
  'cornerLift',
  'cornerDepth',
  'lowerLipDrop',
  'lipThickness',
  'lipGap',
  'jawDrop',
] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];
export type FaceMeasures = Record<MeasureName, number>;

export function measureFace(points: readonly Vec3[]): FaceMeasures {
  const p = (i: number): Vec3 => points[i] as Vec3;
  const both = (pair: readonly [number, number], f: (i: number, side: 0 | 1) => number): number => (f(pair[0], 0) + f(pair[1], 1)) / 2;
  const y = (i: number): number => p(i)[1];
  const dist = (a: number, b: number): number => Math.hypot(p(a)[0] - p(b)[0], p(a)[1] - p(b)[1], p(a)[2] - p(b)[2]);
  const eyeLineY = both(SIDES.eyeOuter, (i, side) => (y(i) + y(SIDES.eyeInner[side])) / 2);
  const lipCentreY = (y(UPPER_LIP_INNER) + y(LOWER_LIP_INNER)) / 2;
  const lipCentreZ = (p(UPPER_LIP_INNER)[2] + p(LOWER_LIP_INNER)[2]) / 2;
  return {
    // Brows above the eye corners (larger = raised).
    innerBrowHeight: both(SIDES.innerBrow, (i, side) => y(SIDES.eyeInner[side]) - y(i)),
    outerBrowHeight: both(SIDES.outerBrow, (i, side) => y(SIDES.eyeOuter[side]) - y(i)),
    browGap: dist(SIDES.innerBrow[0], SIDES.innerBrow[1]),
    // Lid aperture relative to the eye's width.
    eyeOpening: both(SIDES.upperLid, (i, side) => (y(SIDES.lowerLid[side]) - y(i)) / dist(SIDES.eyeInner[side], SIDES.eyeOuter[side])),
    // Lower lid above the eye-corner line (larger = lid pushed up).
    lowerLidHeight: both(SIDES.lowerLid, (i, side) => (y(SIDES.eyeOuter[side]) + y(SIDES.eyeInner[side])) / 2 - y(i)),
    cheekDrop: both(SIDES.cheek, (i) => y(i) - eyeLineY),
    noseWingDrop: both(SIDES.noseWing, (i) => y(i) - eyeLineY),
    upperLipDrop: y(UPPER_LIP_TOP) - y(NOSE_BOTTOM),
    lateralUpperLipDrop: both(SIDES.lateralUpperLip, (i, side) => y(i) - y(SIDES.noseWing[side])),
    mouthWidth: dist(SIDES.mouthCorner[0], SIDES.mouthCorner[1]),
    // Corners above the lip centre (larger = pulled up).
    cornerLift: both(SIDES.mouthCorner, (i) => lipCentreY - y(i)),
    // Corners behind the lip centre, z pointing away from the camera (larger = drawn back into the cheeks).
    cornerDepth: both(SIDES.mouthCorner, (i) => p(i)[2] - lipCentreZ),
    lowerLipDrop: y(LOWER_LIP_BOTTOM) - both(SIDES.mouthCorner, (i) => y(i)),
    lipThickness: y(UPPER_LIP_INNER) - y(UPPER_LIP_TOP) + (y(LOWER_LIP_BOTTOM) - y(LOWER_LIP_INNER)),
    lipGap: Math.max(0, y(LOWER_LIP_INNER) - y(UPPER_LIP_INNER)),
    jawDrop: y(CHIN) - y(NOSE_BOTTOM),
  };
}
