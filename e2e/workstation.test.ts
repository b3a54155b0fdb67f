/**
 * End to end, as a user: `viper serve` (real CLI, port 0, fresh database) in Debian's headless
 * Chromium. Open → import → analyse → open a clip → the video plays and the caption track follows it →
 * change a label by keyboard only → reload → the change and its history are there; a second window's
 * stale save is shown as a conflict. Screenshots of every screen go to e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, REPO_ROOT } from '../src/main/test-support/fixtures';
import { launchChromium } from './support/browser';
import { ensureRendererBuilt, startViperServe, type ServeProcess } from './support/viper-serve';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const VIDEO = fixture('single_face.mp4');

let temp: ReturnType<typeof makeTempDir>;
let serve: ServeProcess;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
/** Console errors and CSP violations of every page: the app must cause none (but the conflict's designed 409). */
const pageErrors: string[] = [];

async function screenshot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function newPage(): Promise<Page> {
  const opened = await context.newPage();
  opened.on('console', (message) => {
    // The designed answers: a stale save's 409, and the 404s of the review's calls for a clip that does not exist.
    const designed = message.text().includes('status of 409 (Conflict)') || (message.text().includes('status of 404') && /\/api\/(clips\.get|labels\.get|fusion\.clipPrediction)$/.test(message.location().url));
    if (message.type() === 'error' && !designed) pageErrors.push(`${message.text()} (${message.location().url})`);
  });
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  return opened;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureRendererBuilt();
  temp = makeTempDir('viper-e2e-');
  serve = await startViperServe(join(temp.dir, 'viper.db'), 'e2e-reviewer');
  browser = await launchChromium();
  context = browser.context;
  page = await newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp?.cleanup();
});

describe('the workstation in a browser', () => {
  it('opens with the token, then drops it from the address bar', async () => {
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByText('No clips yet').waitFor();
    expect(page.url()).toBe(`${serve.origin}/`);
    await screenshot(page, '01-library-empty');
  });

  it('imports a video with progress and lists it', async () => {
    await page.getByLabel('folder to import').fill(VIDEO);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/Imported 1, 0 already stored, 0 failed/).waitFor({ timeout: 60_000 });
    await page.getByRole('row').filter({ hasText: 'single_face' }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'single_face' }).textContent()).toContain('imported');
    await screenshot(page, '02-library-imported');
  });

  it('analyses it', async () => {
    await page.getByRole('button', { name: 'Analyse all' }).click();
    await page.getByText(/Analysed 1, 0 up to date, 0 failed/).waitFor({ timeout: 180_000 });
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'single_face' }).textContent()).toContain('analysed');
    await screenshot(page, '03-library-analysed');
  });

  it('opens the clip: video, face box, frame timeline, captions and curves', async () => {
    await page.getByRole('row').filter({ hasText: 'single_face' }).click();
    await page.getByRole('heading', { name: /Clip single_face/ }).waitFor();
    await page.getByLabel('captions').locator('li').first().waitFor();
    expect(await page.getByLabel('captions').locator('li').count()).toBe(32);
    expect(await page.getByLabel('sampled frames').getByRole('button').count()).toBe(32);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
    await page.getByLabel('face box').waitFor();
    // A picture of each sampled frame in the strip.
    await expect.poll(() => page.getByLabel('sampled frames').locator('img').count()).toBe(32);
    // The sound as a waveform, read once from the decoded audio.
    await page.getByLabel('audio waveform').waitFor();
    // The curves share the clip's time axis in seconds, and name the basic-emotion curve.
    const curves = page.getByLabel('feature curves');
    await expect.poll(() => curves.textContent()).toMatch(/\d\.\d s/);
    expect(await curves.textContent()).toContain('top basic emotion');
    await screenshot(page, '04-review');
  });

  it('plays the video with the caption track following it, by keyboard', async () => {
    const seen = new Set<number>();
    await page.keyboard.press('Space');
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      const state = await page.evaluate(() => {
        const items = [...document.querySelectorAll('[aria-label="captions"] li')];
        return { caption: items.findIndex((item) => item.getAttribute('aria-current') === 'true'), timeS: document.querySelector('video')?.currentTime ?? 0, ended: document.querySelector('video')?.ended ?? false };
      });
      seen.add(state.caption);
      if (state.ended) break;
      await page.waitForTimeout(100);
    }
    const order = [...seen];
    // A 2.4 s clip with 32 samples: the highlight must walk forward through many of them.
    expect(order.length).toBeGreaterThan(8);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.at(-1)).toBe(31);
    // Clicking a caption seeks there.
    await page.getByLabel('captions').locator('li').nth(5).click();
    await expect.poll(() => page.getByLabel('current frame').textContent()).toContain('Frame 6 of 32');
    await screenshot(page, '05-review-played');
  });

  it('changes a label by keyboard only and saves it', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('4'); // Disgust
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('s');
    await expect.poll(() => page.getByLabel('save state').textContent()).toBe('Saved');
    expect(await page.getByLabel('Disgust value').inputValue()).toBe('0.14');
    // Undo, then redo, by keyboard (quick nudges of one emotion are one step); each is saved too.
    // On an unlabelled clip, setting Disgust saves Disgust alone: the others stay unset, not 0.
    expect(await page.getByLabel('Adoration value').inputValue()).toBe('');
    const firstSave = page.getByLabel('edit history').locator('tbody').first();
    expect(await firstSave.locator('tr').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByLabel('Disgust value').inputValue()).toBe('');
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => page.getByLabel('Disgust value').inputValue()).toBe('0.14');
    await expect.poll(() => page.getByLabel('save state').textContent(), { timeout: 10_000 }).toBe('Saved');
  });

  it('still has the change and its history after a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: /Clip single_face/ }).waitFor();
    await expect.poll(() => page.getByLabel('Disgust value').inputValue()).toBe('0.14');
    const history = page.getByLabel('edit history');
    await expect.poll(() => history.locator('tr').filter({ hasText: 'Disgust' }).count()).toBeGreaterThanOrEqual(1);
    // Newest save first: its heading row names the author, its rows the values.
    const newestSave = history.locator('tbody').filter({ has: page.getByRole('cell', { name: 'Disgust', exact: true }) }).first();
    expect(await newestSave.locator('tr').first().textContent()).toContain('e2e-reviewer');
    expect(await newestSave.locator('tr').filter({ hasText: 'Disgust' }).textContent()).toContain('0.14');
    await screenshot(page, '06-review-after-reload');
  });

  it("shows a second window's stale save as a conflict instead of overwriting", async () => {
    // A new window has its own sessionStorage: it opens the printed address, as a second reviewer would.
    const other = await newPage();
    await other.goto(`${serve.url}${new URL(page.url()).hash}`);
    await other.getByRole('heading', { name: /Clip single_face/ }).waitFor();
    await expect.poll(() => other.getByLabel('save state').textContent()).toBe('Saved');
    // The first window saves a change; the second, still on the old version, then saves its own.
    await page.keyboard.press('7');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('s');
    await expect.poll(() => page.getByLabel('save state').textContent()).toBe('Saved');
    await other.locator('body').click({ position: { x: 5, y: 5 } });
    await other.keyboard.press('1');
    await other.keyboard.press('ArrowUp');
    await other.keyboard.press('s');
    await expect.poll(() => other.getByLabel('save state').textContent()).toBe('Not saved: conflict');
    const notice = await other.getByRole('alert').textContent();
    expect(notice).toMatch(/e2e-reviewer saved these labels at .* Surprise 0\.05/);
    await screenshot(other, '07-review-conflict');
    await other.getByRole('button', { name: 'Load their values' }).click();
    await expect.poll(() => other.getByLabel('Surprise value').inputValue()).toBe('0.05');
    expect(await other.getByLabel('Adoration value').inputValue()).toBe('');
    await other.close();
  });

  it("shows the model's guess beside each label, and accepts it by key (recorded as accepted:<run>)", async () => {
    // The prior predicts every analysed clip (viper open does this; here through the same HTTP API).
    const token = new URL(serve.url).searchParams.get('token') ?? '';
    const answer = await fetch(`${serve.origin}/api/fusion.predict`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token }, body: JSON.stringify({ prior: true }) });
    const { value } = (await answer.json()) as { value: { runId: number } };
    await page.reload();
    await page.getByRole('heading', { name: /Clip single_face/ }).waitFor();
    const panel = page.getByLabel('model prediction');
    await panel.getByText('PRIOR', { exact: true }).waitFor();
    const predicted = async (emotion: string): Promise<string> => ((await page.getByLabel(`${emotion} predicted`).textContent()) ?? '').trim().split(/\s+/)[0] ?? '';
    const fear = await predicted('Fear');
    expect(fear).toMatch(/^\d\.\d\d$/);
    await screenshot(page, '08-review-prediction');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('6'); // Fear
    await page.keyboard.press('a');
    await expect.poll(() => page.getByLabel('Fear value').inputValue()).toBe(String(Number(fear)));
    await expect.poll(() => page.getByLabel('save state').textContent()).toBe('Saved');
    const history = page.getByLabel('edit history');
    await expect.poll(() => history.locator('tbody tr').first().textContent()).toContain(`accepted from run ${value.runId}`);

    await page.keyboard.press('Shift+A');
    await expect.poll(() => page.getByLabel('save state').textContent()).toBe('Saved');
    for (const emotion of ['Adoration', 'Amusement', 'Surprise']) {
      expect(Number(await page.getByLabel(`${emotion} value`).inputValue())).toBe(Number(await predicted(emotion)));
    }
    await screenshot(page, '08-review-accepted');
  });

  it('credits saves to the name given once, labels blind as oneself, adopts those values as gold, and restores a version', async () => {
    const nameInput = page.getByLabel('annotator name input');
    await nameInput.fill('ana\tlima');
    await page.getByRole('button', { name: 'Save name' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'control characters' }).count()).toBe(1);
    await nameInput.fill('  Ana Lima ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByLabel('annotator name', { exact: true }).textContent()).toBe('Ana Lima');

    await page.getByLabel('label as').selectOption('self');
    await page.getByLabel('blind mode').check();
    await expect.poll(() => page.getByLabel('model prediction').textContent()).toContain('Blind mode');
    expect(await page.getByLabel('Fear predicted').textContent()).toBe('—');
    await page.getByRole('heading', { name: /Labels of Ana Lima/ }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('2'); // Amusement
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('s');
    await expect.poll(() => page.getByLabel('save state').textContent()).toBe('Saved');
    expect(await page.getByLabel('Amusement value').inputValue()).toBe('0.3');
    await screenshot(page, '09-review-blind-self');

    // As gold again, the analyst adopts Ana's values; the history says so, and the previous gold can come back.
    await page.getByLabel('label as').selectOption('gold');
    await page.getByRole('heading', { name: /Gold labels/ }).waitFor();
    const goldBefore = await page.getByLabel('Amusement value').inputValue();
    const versionBefore = Number(/version (\d+)/.exec((await page.getByRole('heading', { name: /Gold labels/ }).textContent()) ?? '')?.[1]);
    await page.getByLabel('adopt from').selectOption('Ana Lima');
    await page.getByRole('button', { name: 'Adopt as gold' }).click();
    await expect.poll(() => page.getByLabel('Amusement value').inputValue()).toBe('0.3');
    const history = page.getByLabel('edit history');
    expect(await history.locator('tbody').first().locator('tr').first().textContent()).toMatch(/Ana Lima · adopted from Ana Lima/);
    await page.getByRole('button', { name: `restore version ${versionBefore}` }).click();
    await expect.poll(() => page.getByLabel('Amusement value').inputValue()).toBe(goldBefore);
    expect(await history.locator('tbody').first().locator('tr').first().textContent()).toContain(`restored version ${versionBefore}`);
    await screenshot(page, '09-review-restored');
  });

  it('steps every key press: ten quick "." are ten sampled frames, ← / → one frame of the clip, j / l the speed', async () => {
    await page.getByLabel('captions').locator('li').first().click();
    await expect.poll(() => page.getByLabel('current frame').textContent()).toContain('Frame 1 of 32');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('.');
      await page.waitForTimeout(30);
    }
    await expect.poll(() => page.getByLabel('current frame').textContent()).toContain('Frame 11 of 32');
    await page.keyboard.press(',');
    await expect.poll(() => page.getByLabel('current frame').textContent()).toContain('Frame 10 of 32');

    const videoTime = (): Promise<number> => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);
    const before = await videoTime();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // single_face.mp4 runs at 30 fps: two of its frames are 1/15 s on.
    await expect.poll(async () => Math.round((await videoTime()) * 30) - Math.round(before * 30)).toBe(2);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Math.round((await videoTime()) * 30) - Math.round(before * 30)).toBe(1);

    await page.keyboard.press('l'); // paused: starts playing
    await page.keyboard.press('j'); // slower
    await expect.poll(() => page.getByLabel('playback speed').inputValue()).toBe('0.75');
    await page.keyboard.press('k');
    await page.getByLabel('playback speed').selectOption('2');
    expect(await page.evaluate(() => document.querySelector('video')?.playbackRate)).toBe(2);
  });

  it('lists every shortcut on "?", and closes it with Escape', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'keyboard shortcuts list' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('accept the model');
    expect(await dialog.textContent()).toContain('open the clip for review');
    await screenshot(page, '09-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('fits 1024×640 and 1280×720 with nothing overlapping or cut', async () => {
    for (const [width, height] of [
      [1024, 640],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(200);
      const boxes = await page.evaluate(() => {
        const rect = (selector: string) => {
          const r = document.querySelector(selector)?.getBoundingClientRect();
          return r ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom } : null;
        };
        return {
          media: rect('.review-media'),
          side: rect('.review-side'),
          history: rect('.edit-history'),
          timeline: rect('[aria-label="sampled frames"]'),
          widest: Math.max(...[...document.querySelectorAll('.review *')].map((el) => el.getBoundingClientRect().right)),
          widestElement: [...document.querySelectorAll('.review *')].reduce<Element | null>((best, el) => (!best || el.getBoundingClientRect().right > best.getBoundingClientRect().right ? el : best), null)?.outerHTML.slice(0, 120),
          pageWidth: document.documentElement.clientWidth,
        };
      });
      expect(boxes.media && boxes.side).toBeTruthy();
      // Side by side or stacked, the media column and the label column never share pixels.
      const overlap = (a: NonNullable<typeof boxes.media>, b: NonNullable<typeof boxes.media>) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      expect(overlap(boxes.media!, boxes.side!), `${width}×${height}`).toBe(false);
      if (boxes.timeline && boxes.history) expect(overlap(boxes.timeline, boxes.history), `${width}×${height}`).toBe(false);
      expect(boxes.widest, `${width}×${height}: cut off on the right: ${boxes.widestElement}`).toBeLessThanOrEqual(boxes.pageWidth + 1);
      await screenshot(page, `11-review-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('says "not found" with a way back for a clip or address that does not exist', async () => {
    await page.goto(`${serve.origin}/#/clip/999`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Clip 999 is not in this database');
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await page.goto(`${serve.origin}/#/clip/abc`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to the Library' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
  });

  it('moves through the Library by arrow keys and opens a clip with Enter', async () => {
    await page.getByRole('row').filter({ hasText: 'single_face' }).waitFor();
    await page.getByLabel(/clips list/).focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Clip single_face/ }).waitFor();
  });

  it('shows the Jobs and Models screens', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('cell', { name: 'analyze' }).first().waitFor();
    await screenshot(page, '12-jobs');
    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('heading', { name: 'Models' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await screenshot(page, '13-models');
  });

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
