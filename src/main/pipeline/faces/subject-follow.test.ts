import { describe, expect, it } from 'vitest';
import type { Landmarks } from '../fau/face-frame';
import { boxFromLandmarks, calibrateToLandmarks, landmarkBounds, resizeSinceCalibration } from './subject-follow';

/** A face's landmarks as a grid of points over a w × h rectangle at (x, y). */
const grid = (x: number, y: number, w: number, h: number): Landmarks =>
  Array.from({ length: 25 }, (_, k): [number, number, number] => [x + ((k % 5) / 4) * w, y + (Math.floor(k / 5) / 4) * h, 0]);

describe('following a face from its landmarks', () => {
  it('bounds the landmarks', () => {
    expect(landmarkBounds(grid(10, 20, 100, 120))).toEqual({ x: 10, y: 20, width: 100, height: 120 });
  });

  it('gives back the detector box on the landmarks it was calibrated on, and moves it with them at the detected size', () => {
    const detection = { x: 5, y: 30, width: 110, height: 110, score: 0.9 };
    const landmarks = grid(10, 20, 100, 120);
    const calibration = calibrateToLandmarks(detection, landmarks);
    const same = boxFromLandmarks(landmarks, calibration, 0.9);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(same[key]).toBeCloseTo(detection[key], 9);
    // The face moves 40 px right and 10 px down and grows a little: the box follows its centre, keeps its side.
    const moved = boxFromLandmarks(grid(50, 30, 105, 126), calibration, 0.95);
    expect(moved.width).toBeCloseTo(110, 9);
    expect(moved.height).toBeCloseTo(110, 9);
    expect(moved.x + moved.width / 2).toBeCloseTo(50 + 105 / 2 + (detection.x + 55 - 60), 9);
    expect(moved.y + moved.height / 2).toBeCloseTo(30 + 126 / 2 + ((detection.y + 55 - 80) / 120) * 126, 9);
    expect(moved.score).toBe(0.95);
  });

  it('measures how much the face grew or shrank since calibration, either way as a ratio ≥ 1', () => {
    const calibration = calibrateToLandmarks({ x: 0, y: 0, width: 100, height: 100, score: 1 }, grid(0, 0, 100, 120));
    expect(resizeSinceCalibration(grid(30, 30, 100, 120), calibration)).toBeCloseTo(1, 12);
    expect(resizeSinceCalibration(grid(0, 0, 120, 144), calibration)).toBeCloseTo(1.2, 12);
    expect(resizeSinceCalibration(grid(0, 0, 80, 96), calibration)).toBeCloseTo(1.25, 12);
  });
});
