/**
 * The Library at Hume-Reaction's size: 25,067 clips (rows written straight into a real database; no
 * media is needed to list them) through the real `viper serve`, in headless Chromium. The whole list
 * loads, only the rows in view are in the page, and scrolling through it keeps frames coming.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { HUME_REACTION_CLIPS, seedLibrary } from './support/scale-library';
import type { ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const CLIPS = HUME_REACTION_CLIPS;

let session: WorkstationSession;
let serve: ServeProcess;
let browser: WorkstationSession['browser'];

beforeAll(async () => {
  session = await startWorkstationSession({ tempPrefix: 'viper-e2e-scale-', user: 'e2e', seed: (dbPath) => seedLibrary(dbPath, CLIPS) });
  ({ serve, browser } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
});

describe('the Library with 25,067 clips', () => {
  it('lists them all, keeps the DOM small and scrolls without stalls', async () => {
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(serve.url);
    await page.getByText(`${CLIPS} of ${CLIPS} clips`).waitFor({ timeout: 30_000 });
    const loadMs = Date.now() - started;
    expect(loadMs).toBeLessThan(20_000);
    expect(await page.getByRole('row').count()).toBeLessThan(100);

    // Scroll from top to bottom in 120 steps, one per animation frame, and time the frames.
    const longestFrameMs = await page.evaluate(async () => {
      const scroller = document.querySelector('.clip-scroll')!;
      const gaps: number[] = [];
      let last = performance.now();
      for (let step = 1; step <= 120; step++) {
        scroller.scrollTop = (scroller.scrollHeight * step) / 120;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      return Math.max(...gaps);
    });
    // Generous for a 2-core machine running headless without a GPU; a non-virtual table of 25k rows takes seconds.
    expect(longestFrameMs).toBeLessThan(250);
    await page.getByRole('row').filter({ hasText: '25067' }).waitFor();
    await page.screenshot({ path: join(REPO_ROOT, 'e2e', 'artifacts', '10-library-25067-clips.png') });

    // Searching answers from the page at once.
    await page.getByLabel('search clips').fill('2506');
    // 02506, 12506, 22506 and 25060–25067.
    await expect.poll(() => page.locator('.filters .muted').textContent()).toBe(`11 of ${CLIPS} clips`);
    console.log(`library of ${CLIPS} clips: loaded in ${loadMs} ms, longest scroll frame ${longestFrameMs.toFixed(0)} ms`);
  });
});
