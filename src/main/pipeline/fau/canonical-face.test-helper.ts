/**
 * Test geometry: the canonical FaceMesh layout (UV468, from @vladmandic/human's MIT source) as a
 * frontal neutral face in pixels, the population neutral face made from it, each AU posed on it, and
 * helpers to deform, turn and move it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/fixtures';
import type { Vec3 } from './face-frame';
import { POPULATION_NEUTRAL } from './neutral-reference';

export function canonicalFace(scalePx = 200, originX = 220, originY = 80): Vec3[] {
  const humanDir = join(REPO_ROOT, 'node_modules/@vladmandic/human');
  const source = readFileSync(join(humanDir, 'src/face/facemeshcoords.ts'), 'utf8');
  const match = /UV468[^=]*=\s*(\[[\s\S]*?\]);/.exec(source);
  if (!match?.[1]) throw new Error('UV468 not found in @vladmandic/human/src/face/facemeshcoords.ts');
  const uv = JSON.parse(match[1].replace(/,\s*\]/g, ']')) as [number, number][];
  return uv.map(([u, v]) => [originX + u * scalePx, originY + v * scalePx, 0]);
}

/** Moves the given landmarks by (dx, dy) in units of the face's outer-eye-corner distance. */
export function shift(face: Vec3[], indices: readonly number[], dx: number, dy: number): Vec3[] {
  const iod = Math.hypot((face[263] as Vec3)[0] - (face[33] as Vec3)[0], (face[263] as Vec3)[1] - (face[33] as Vec3)[1]);
  const moved = new Set(indices);
  return face.map((p, i) => (moved.has(i) ? [p[0] + dx * iod, p[1] + dy * iod, p[2]] : p));
}

/** Rotates about the face's centre (yaw about the vertical axis, then roll in the image plane), scales and moves it. */
export function transform(face: Vec3[], yawDeg: number, rollDeg: number, scaleBy: number, dx: number, dy: number): Vec3[] {
  const cx = face.reduce((s, p) => s + p[0], 0) / face.length;
  const cy = face.reduce((s, p) => s + p[1], 0) / face.length;
  const yaw = (yawDeg * Math.PI) / 180;
  const roll = (rollDeg * Math.PI) / 180;
  return face.map(([x, y, z]) => {
    const x0 = x - cx;
    const y0 = y - cy;
    const x1 = x0 * Math.cos(yaw) - z * Math.sin(yaw);
    const z1 = x0 * Math.sin(yaw) + z * Math.cos(yaw);
    const x2 = x1 * Math.cos(roll) - y0 * Math.sin(roll);
    const y2 = x1 * Math.sin(roll) + y0 * Math.cos(roll);
    return [cx + dx + x2 * scaleBy, cy + dy + y2 * scaleBy, z1 * scaleBy];
  });
}

/** Sets the depth of the given landmarks to `z` inter-ocular units (positive = away from the camera). */
export function setDepth(face: Vec3[], indices: readonly number[], z: number): Vec3[] {
  const iod = Math.hypot((face[263] as Vec3)[0] - (face[33] as Vec3)[0], (face[263] as Vec3)[1] - (face[33] as Vec3)[1]);
  const moved = new Set(indices);
  return face.map((p, i) => (moved.has(i) ? [p[0], p[1], z * iod] : p));
}

/**
 * The population neutral face (neutral-reference.ts) as landmarks: the canonical layout with the three
 * measures it cannot give moved to the reference — brows apart, mouth corners set back, chin raised.
 */
export function populationNeutralFace(scalePx = 200, originX = 220, originY = 80): Vec3[] {
  const canonical = canonicalFace(scalePx, originX, originY);
  const iod = (canonical[263] as Vec3)[0] - (canonical[33] as Vec3)[0];
  const gap = ((canonical[285] as Vec3)[0] - (canonical[55] as Vec3)[0]) / iod;
  const jaw = ((canonical[152] as Vec3)[1] - (canonical[2] as Vec3)[1]) / iod;
  const apart = (POPULATION_NEUTRAL.browGap - gap) / 2;
  const browsApart = shift(shift(canonical, [55], -apart, 0), [285], apart, 0);
  return setDepth(shift(browsApart, [152], 0, POPULATION_NEUTRAL.jawDrop - jaw), [61, 291], POPULATION_NEUTRAL.cornerDepth);
}

/**
 * Each AU posed at full strength on a face, as landmark moves in inter-ocular units — about the largest
 * change of that measure seen on the fixtures (single_face.mp4's smile: corners up 0.063 and the mouth
 * 0.2 wider, cheeks up 0.07) or, where the fixtures show none, FACS's description at intensity E.
 */
export const POSED_ACTIONS: Record<string, (face: Vec3[]) => Vec3[]> = {
  AU01: (f) => shift(f, [55, 285], 0, -0.09),
  AU02: (f) => shift(f, [70, 300], 0, -0.09),
  AU04: (f) => shift(shift(f, [55], 0.035, 0.07), [285], -0.035, 0.07),
  AU05: (f) => shift(shift(f, [159, 386], 0, -0.03), [145, 374], 0, 0.005),
  AU06: (f) => shift(shift(f, [205, 425], 0, -0.04), [145, 374], 0, -0.02),
  AU09: (f) => shift(f, [98, 327], 0, -0.05),
  AU10: (f) => shift(f, [0], 0, -0.06),
  AU11: (f) => shift(f, [39, 269], 0, -0.05),
  AU12: (f) => shift(shift(f, [61], -0.07, -0.07), [291], 0.07, -0.07),
  AU14: (f) => setDepth(f, [61, 291], 0.145 + 0.05),
  AU15: (f) => shift(f, [61, 291], 0, 0.06),
  AU17: (f) => shift(f, [17], 0, -0.06),
  AU20: (f) => shift(shift(f, [61], -0.08, 0), [291], 0.08, 0),
  AU23: (f) => shift(shift(f, [0], 0, 0.03), [17], 0, -0.03),
  // The lower lip and chin go down with the jaw, the mouth corners half as far.
  AU25: (f) => shift(shift(f, [14, 17, 152], 0, 0.1), [61, 291], 0, 0.05),
  AU26: (f) => shift(shift(f, [14, 17, 152], 0, 0.12), [61, 291], 0, 0.06),
  AU43: (f) => shift(shift(f, [159], 0, ((f[145] as Vec3)[1] - (f[159] as Vec3)[1]) / iodOf(f)), [386], 0, ((f[374] as Vec3)[1] - (f[386] as Vec3)[1]) / iodOf(f)),
};

function iodOf(face: Vec3[]): number {
  return Math.hypot((face[263] as Vec3)[0] - (face[33] as Vec3)[0], (face[263] as Vec3)[1] - (face[33] as Vec3)[1]);
}
