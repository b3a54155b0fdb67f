/**
 * Test geometry: the canonical FaceMesh layout (UV468, from @vladmandic/human's MIT source) as a
 * frontal neutral face in pixels, and helpers to deform, turn and move it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/fixtures';
import type { Vec3 } from './face-frame';

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
