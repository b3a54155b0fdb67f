/**
 * "Every clip plays": face_noface.mov is HEVC, which Chromium plays as sound over a black picture with no
 * error. Imported without a proxy (--proxy none), its review screen says so and offers "Make a playback
 * copy"; once made, the page plays the copy and shows a picture (a size, and a frame that is not black).
 * Real `viper import` and `viper serve`, Debian's headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT } from '../src/main/test-support/fixtures';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let session: WorkstationSession;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-proxy-',
    user: 'e2e-proxy',
    seed: (dbPath) => {
      execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, 'import', fixture('face_noface.mov'), '--proxy', 'none'], { cwd: REPO_ROOT, stdio: 'ignore' });
    },
  });
  page = await session.browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await session?.close();
});

/** The video's picture at `timeS`: its size, and the mean and spread of its pixels' luma drawn into a canvas. */
function pictureAt(target: Page, timeS: number): Promise<{ width: number; height: number; meanLuma: number; maxLuma: number }> {
  return target.evaluate(async (at) => {
    const video = document.querySelector('video')!;
    video.pause();
    await new Promise<void>((resolve) => {
      video.addEventListener('seeked', () => resolve(), { once: true });
      video.currentTime = at;
    });
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth || 1;
    canvas.height = video.videoHeight || 1;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < data.length; i += 4) {
      const luma = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
      sum += luma;
      max = Math.max(max, luma);
    }
    return { width: video.videoWidth, height: video.videoHeight, meanLuma: sum / (data.length / 4), maxLuma: max };
  }, timeS);
}

describe('an HEVC clip in the review screen', () => {
  it('says the browser cannot decode it and offers a playback copy', async () => {
    await page.goto(session.serve.url);
    await page.getByRole('row').filter({ hasText: 'face_noface' }).click();
    await page.getByRole('heading', { name: /Clip face_noface/ }).waitFor();
    const notice = page.getByLabel('playback problem');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/HEVC, a format browsers do not decode/);
    // The bug itself: Chromium loads the file, plays its sound, and reports no picture size.
    const shown = await page.evaluate(() => ({ readyState: document.querySelector('video')!.readyState, width: document.querySelector('video')!.videoWidth }));
    expect(shown.width).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'proxy-01-hevc-offered.png'), fullPage: true });
  }, 60_000);

  it('makes the copy with progress, then shows a picture on the same timeline', async () => {
    await page.getByRole('button', { name: 'Make a playback copy' }).click();
    await page.getByLabel(/Making a playback copy/).waitFor();
    await page.getByLabel('playback problem').waitFor({ state: 'detached', timeout: 120_000 });
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2 && (document.querySelector('video')?.videoWidth ?? 0) > 0, undefined, { timeout: 30_000 });
    // 1 s in: the man of single_face.mp4, well lit — not the black of an undecoded picture.
    const picture = await pictureAt(page, 1);
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 960, height: 540 });
    expect(picture.meanLuma).toBeGreaterThan(30);
    expect(picture.maxLuma).toBeGreaterThan(120);
    expect(await page.evaluate(() => document.querySelector('video')!.duration)).toBeCloseTo(6.4, 1);
    await page.screenshot({ path: join(ARTIFACTS, 'proxy-02-hevc-playing.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
