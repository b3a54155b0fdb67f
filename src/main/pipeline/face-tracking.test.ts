import { describe, expect, it } from 'vitest';
import { iou, trackSubject, type FaceBox } from './face-tracking';

const box = (x: number, y: number, size: number, score = 0.9): FaceBox => ({ x, y, width: size, height: size, score });
const frame = { frameWidth: 640, frameHeight: 360 };

describe('iou', () => {
  it('is 1 for the same box, 0 for disjoint boxes, and the overlap ratio otherwise', () => {
    expect(iou(box(0, 0, 10), box(0, 0, 10))).toBe(1);
    expect(iou(box(0, 0, 10), box(20, 20, 10))).toBe(0);
    expect(iou(box(0, 0, 10), box(5, 0, 10))).toBeCloseTo(50 / 150, 12);
  });
});

describe('trackSubject', () => {
  it('picks the large central face when faces first appear, and follows it', () => {
    const subject = [box(270, 130, 100), box(275, 132, 100), box(282, 135, 98)];
    const bystander = box(20, 20, 60);
    expect(trackSubject(subject.map((s) => [bystander, s]), frame)).toEqual(subject);
  });

  it('prefers a central face to a slightly larger one in the corner', () => {
    const corner = box(0, 0, 110);
    const centre = box(270, 130, 100);
    expect(trackSubject([[corner, centre]], frame)).toEqual([centre]);
  });

  it('starts tracking when the face appears late, leaving the earlier frames empty', () => {
    const face = box(300, 150, 80);
    expect(trackSubject([[], [], [face], [box(305, 150, 80)]], frame)).toEqual([null, null, face, box(305, 150, 80)]);
  });

  it('masks frames where the subject is gone rather than swapping in another person', () => {
    const subject = box(100, 100, 100);
    const other = box(450, 100, 100);
    const track = trackSubject([[subject], [other], [other, box(110, 100, 100)]], frame);
    expect(track).toEqual([subject, null, box(110, 100, 100)]);
  });

  it('keeps following across a frame with a missed detection', () => {
    const track = trackSubject([[box(100, 100, 100)], [], [box(120, 110, 100)]], frame);
    expect(track[2]).toEqual(box(120, 110, 100));
  });
});
