/**
 * The workstation's UI at Hume-Reaction's size (25,067 clips) through the real `viper serve` in headless
 * Chromium: how long the Library takes to load, its frames while scrolling the whole list (every frame's
 * interval, and the browser's own long-animation-frame entries from its performance timeline), how long a
 * clip takes to open in review, and the latency of clips.list pages (limit / offset) over HTTP.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeTempDir } from '../src/main/test-support/fixtures';
import { launchChromium } from '../e2e/support/browser';
import { HUME_REACTION_CLIPS, seedLibrary } from '../e2e/support/scale-library';
import { ensureRendererBuilt, startViperServe } from '../e2e/support/viper-serve';

export interface UiBenchResult {
  clips: number;
  libraryLoadMs: number;
  scroll: {
    frames: number;
    /** Intervals between animation frames while scrolling, ms. */
    medianFrameMs: number;
    p95FrameMs: number;
    maxFrameMs: number;
    /** long-animation-frame entries (frames over 50 ms) the browser recorded during the scroll. */
    longFrames: number;
    longestLongFrameMs: number | null;
  };
  /** From the click on a Library row to the review screen showing the clip and its label editor, ms. */
  openClipMs: number[];
  /** clips.list over HTTP, median of `repeats` calls per page shape, ms. */
  listLatency: { limit: number; offset: number; medianMs: number; rows: number }[];
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const percentile = (values: readonly number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;

/** Scrolls the Library top to bottom, one step per animation frame, collecting frame intervals and long frames. */
async function scrollFrames(page: Page, steps: number): Promise<{ gaps: number[]; longFrames: number[] }> {
  return page.evaluate(async (stepCount) => {
    const longFrames: number[] = [];
    // Chromium's Long Animation Frames API: an entry per frame whose work took over 50 ms.
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longFrames.push(entry.duration);
    });
    observer.observe({ type: 'long-animation-frame' });
    const scroller = document.querySelector('.clip-scroll');
    if (!scroller) throw new Error('the Library has no .clip-scroll list');
    const gaps: number[] = [];
    let last = performance.now();
    for (let step = 1; step <= stepCount; step++) {
      scroller.scrollTop = (scroller.scrollHeight * step) / stepCount;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    // Entries are delivered asynchronously: one more frame lets the last ones arrive.
    await new Promise(requestAnimationFrame);
    observer.disconnect();
    return { gaps, longFrames };
  }, steps);
}

/**
 * Scrolls the unfiltered Library to the row of clip number `n` (so the click also saves the whole list as
 * the review order), clicks it and times, in the page, until the review heading and the label editor are there.
 */
async function openClipMs(page: Page, n: number, clips: number): Promise<number> {
  const fileId = String(n).padStart(5, '0');
  await page.evaluate(([at, total]) => {
    const scroller = document.querySelector('.clip-scroll');
    if (scroller) scroller.scrollTop = (scroller.scrollHeight * (at - 1)) / total;
  }, [n, clips] as const);
  await page.getByRole('row').filter({ hasText: fileId }).first().waitFor();
  return page.evaluate(async (id) => {
    const row = [...document.querySelectorAll('[role="row"]')].find((r) => r.textContent?.includes(id));
    if (!(row instanceof HTMLElement)) throw new Error(`no row for ${id}`);
    const started = performance.now();
    row.click();
    for (;;) {
      await new Promise(requestAnimationFrame);
      const heading = document.querySelector('h2')?.textContent ?? '';
      if (heading.includes(id) && document.querySelector('[aria-label="save state"]')) return performance.now() - started;
      if (performance.now() - started > 10_000) throw new Error(`clip ${id} did not open in review within 10 s`);
    }
  }, fileId);
}

async function listLatency(url: string, limit: number, offset: number, repeats: number): Promise<{ limit: number; offset: number; medianMs: number; rows: number }> {
  const token = new URL(url).searchParams.get('token') ?? '';
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const response = await fetch(`${new URL(url).origin}/api/clips.list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token },
      body: JSON.stringify({ limit, offset }),
    });
    const result = (await response.json()) as { ok: boolean; value?: { clips: unknown[] } };
    times.push(performance.now() - started);
    if (!result.ok) throw new Error(`clips.list failed: ${JSON.stringify(result)}`);
    rows = result.value?.clips.length ?? 0;
  }
  return { limit, offset, medianMs: median(times), rows };
}

export async function benchUi(options: { clips?: number; scrollSteps?: number; opens?: number; repeats?: number } = {}): Promise<UiBenchResult> {
  const clips = options.clips ?? HUME_REACTION_CLIPS;
  ensureRendererBuilt();
  const temp = makeTempDir('viper-bench-ui-');
  const dbPath = join(temp.dir, 'viper.db');
  seedLibrary(dbPath, clips);
  const serve = await startViperServe(dbPath, 'bench');
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const started = Date.now();
    await page.goto(serve.url);
    await page.getByText(`${clips} of ${clips} clips`).waitFor({ timeout: 60_000 });
    const libraryLoadMs = Date.now() - started;

    const { gaps, longFrames } = await scrollFrames(page, options.scrollSteps ?? 300);

    const openClip: number[] = [];
    const opens = options.opens ?? 5;
    for (let i = 0; i < opens; i++) {
      openClip.push(await openClipMs(page, 1 + Math.floor(((i + 0.5) * clips) / opens), clips));
      await page.goBack();
      await page.getByText(`of ${clips} clips`).waitFor({ timeout: 60_000 });
    }

    const repeats = options.repeats ?? 20;
    const listLatencyRows = [];
    for (const [limit, offset] of [
      [100, 0],
      [100, Math.floor(clips / 2)],
      [100, Math.max(0, clips - 100)],
      [1000, 0],
      [100_000, 0],
    ] as const) {
      listLatencyRows.push(await listLatency(serve.url, limit, offset, limit === 100_000 ? Math.min(5, repeats) : repeats));
    }

    return {
      clips,
      libraryLoadMs,
      scroll: {
        frames: gaps.length,
        medianFrameMs: median(gaps),
        p95FrameMs: percentile(gaps, 0.95),
        maxFrameMs: Math.max(...gaps),
        longFrames: longFrames.length,
        longestLongFrameMs: longFrames.length === 0 ? null : Math.max(...longFrames),
      },
      openClipMs: openClip,
      listLatency: listLatencyRows,
    };
  } finally {
    await browser.close();
    await serve.stop();
    temp.cleanup();
  }
}
