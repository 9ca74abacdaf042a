import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const MODELS = ['SDXL 1.0', 'Flux.1 dev', 'Midjourney v6', 'Pony Diffusion V6'];
const SHAPES = [
  [640, 640],
  [640, 960],
  [960, 640],
  [576, 1024],
  [1024, 576],
] as const;
const SUBJECTS = ['lighthouse on a cliff', 'misty pine forest', 'neon city street', 'fox in the snow', 'desert caravan', 'koi pond', 'mountain temple', 'robot gardener'];
const STYLES = ['oil painting', 'watercolor', 'cinematic photo', 'ukiyo-e print', 'pixel art'];
const ARTWORKS = 40;
const DEFAULT_LIMIT = 24;

describe('search and artwork pages in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  const lighthouseCount = Math.ceil(ARTWORKS / SUBJECTS.length);
  const fluxCount = Math.ceil((ARTWORKS - 1) / MODELS.length);

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp(),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    // Parallel batches: the media pipeline is CPU-bound, so a handful at a time is fastest.
    for (let start = 0; start < ARTWORKS; start += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, ARTWORKS - start) }, (_, offset) => {
          const n = start + offset;
          const [width, height] = SHAPES[n % SHAPES.length]!;
          return ingestTestArtwork(t.app, {
            prompt: `${SUBJECTS[n % SUBJECTS.length]}, ${STYLES[n % STYLES.length]}, detailed, soft light`,
            model: MODELS[n % MODELS.length],
            width,
            height,
            publishedAt: new Date(Date.UTC(2026, 0, 1, n)),
          });
        }),
      );
    }
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    page = await context.newPage();
    problems = collectPageProblems(page);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  const tileCount = () => page.locator('#grid > .tile').count();
  const activeTileId = () => page.evaluate(() => (document.activeElement?.closest('.tile') as HTMLElement | null)?.dataset.id ?? null);

  it('searches as you type, filters, scrolls for more and moves with the keyboard', { timeout: 40_000 }, async () => {
    // A phone first: two columns, captions shown without hover, and only thumbnails fetched.
    await page.setViewportSize({ width: 420, height: 860 });
    const previews: string[] = [];
    const notePreview = (request: { url(): string }) => {
      if (request.url().includes('/media/preview/')) previews.push(request.url());
    };
    page.on('request', notePreview);
    await page.goto(`${t.baseUrl}/`);
    await page.waitForSelector('#grid.is-masonry > .tile');
    expect(await tileCount()).toBe(DEFAULT_LIMIT);
    expect(await columnCount(page)).toBe(2);
    expect(await page.locator('#grid > .tile .tile-info').first().evaluate((info) => getComputedStyle(info).opacity)).toBe('1');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    // Placeholders are painted for tiles whose image has not arrived yet (the lazy ones below the fold).
    expect(await page.locator('#grid > .tile.has-placeholder').count()).toBeGreaterThan(0);

    // Search as you type: results and the URL follow, without a page load.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.keyboard.type('lighthouse', { delay: 25 });
    await page.waitForURL(/\?q=lighthouse$/);
    await expect.poll(tileCount).toBe(lighthouseCount);
    const captions = await page.locator('#grid .tile-prompt').allTextContents();
    expect(captions.every((caption) => caption.startsWith('lighthouse on a cliff'))).toBe(true);
    expect(await page.locator('#grid .tile-prompt mark').first().textContent()).toBe('lighthouse');
    expect(await page.title()).toBe('lighthouse — artsift');

    // A dead end offers a way on: the engine's suggestion, followed in place.
    await page.keyboard.type(' zzqxv', { delay: 25 });
    await page.waitForURL(/\?q=lighthouse\+zzqxv$/);
    const suggestion = page.locator('#empty a.suggestion[data-kind="fewer-words"]');
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toMatch(/^Fewer words: ‘lighthouse’/);
    expect(await page.locator('#empty a[data-way-back="everything"]').getAttribute('href')).toBe('/');
    await suggestion.click();
    await page.waitForURL(/\?q=lighthouse$/);
    await expect.poll(tileCount).toBe(lighthouseCount);

    // A filter chip updates results in place and pushes a history entry.
    await page.fill('#q', '');
    await page.waitForURL(`${t.baseUrl}/`);
    // On a phone the filters fold behind one button that counts the active ones.
    expect(await page.locator('#filters a.chip').first().isVisible()).toBe(false);
    await page.locator('.filter-toggle').click();
    await page.locator('#filters a.chip[data-facet="model"][data-value="Flux.1 dev"]').click();
    await page.waitForURL(/\?model=Flux\.1\+dev$/);
    await expect.poll(tileCount).toBe(fluxCount);
    const models = await page.locator('#grid .tile-model').allTextContents();
    expect(new Set(models)).toEqual(new Set(['Flux.1 dev']));
    expect(await page.locator('#filters a.chip[data-value="Flux.1 dev"]').getAttribute('aria-current')).toBe('true');
    expect(await page.locator('#search-hidden input[name="model"]').getAttribute('value')).toBe('Flux.1 dev');
    expect(await page.locator('#filter-active-count').textContent()).toBe('1 active');
    // Every model stays on offer, with the picked one highlighted, and one link clears them all.
    await expect.poll(() => page.locator('#filters a.chip[data-facet="model"]').count()).toBe(MODELS.length);
    expect(await page.locator('#filters a.filters-clear').getAttribute('href')).toBe('/');
    await page.goBack();
    await page.waitForURL(`${t.baseUrl}/`);
    await expect.poll(tileCount).toBe(DEFAULT_LIMIT);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // never reloaded

    // Infinite scroll follows the next-page link and appends the rest without moving what is shown.
    const firstTileBox = await page.locator('#grid > .tile').first().boundingBox();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(tileCount).toBe(ARTWORKS);
    await expect.poll(() => page.locator('#pager a[rel=next]').count()).toBe(0);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('#grid img')]
        .filter((img) => img.getBoundingClientRect().bottom > 0 && img.getBoundingClientRect().top < innerHeight)
        .every((img) => img.complete),
    );
    const sources = await page.locator('#grid img').evaluateAll((images) => images.map((image) => (image as HTMLImageElement).currentSrc).filter(Boolean));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !source.includes('/media/thumb/'))).toEqual([]);
    page.off('request', notePreview);
    expect(previews).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.locator('#grid > .tile').first().boundingBox()).toEqual(firstTileBox);
    const ids = await page.locator('#grid > .tile').evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLElement).dataset.id));
    expect(new Set(ids).size).toBe(ARTWORKS);

    // A wide screen: six columns, re-laid out on resize, no tile over another.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => columnCount(page)).toBe(6);
    await expectNoOverlap(page);

    // Screenshot the first screen, one tile hovered to show its caption.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('#grid img')].slice(0, 12).every((img) => img.complete));
    await page.locator('#grid > .tile').nth(2).hover();
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'search.png') });

    // Keyboard: "/" focuses search, ArrowDown enters the grid, arrows move by position, Enter opens.
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.press('ArrowDown');
    const first = await activeTileId();
    expect(first).toBe(await page.locator('#grid > .tile').first().getAttribute('data-id'));
    const firstBox = (await page.locator(`#grid > .tile[data-id="${first}"]`).boundingBox())!;
    await page.keyboard.press('ArrowRight');
    const right = await activeTileId();
    const rightBox = (await page.locator(`#grid > .tile[data-id="${right}"]`).boundingBox())!;
    expect(rightBox.x).toBeGreaterThan(firstBox.x);
    // Focus shows the caption, as hover does.
    await expect.poll(() => page.locator(`#grid > .tile[data-id="${right}"] .tile-info`).evaluate((info) => getComputedStyle(info).opacity)).toBe('1');
    await page.keyboard.press('ArrowDown');
    const below = await activeTileId();
    const belowBox = (await page.locator(`#grid > .tile[data-id="${below}"]`).boundingBox())!;
    expect(belowBox.y).toBeGreaterThan(rightBox.y);
    expect(belowBox.x).toBe(rightBox.x);
    await page.keyboard.press('ArrowUp');
    expect(await activeTileId()).toBe(right);
    await page.keyboard.press('ArrowLeft');
    const left = await activeTileId();
    expect((await page.locator(`#grid > .tile[data-id="${left}"]`).boundingBox())!.x).toBe(firstBox.x);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/a/${left}`);
  });

  it('shows the artwork page and copies the prompt', { timeout: 20_000 }, async () => {
    await page.waitForSelector('.artwork-preview');
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('.artwork-preview')!.complete);
    const prompt = await page.locator('#prompt-text').textContent();
    const copy = page.locator('.copy-button');
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(prompt);
    expect(await page.locator('#grid.is-masonry > .tile').count()).toBeGreaterThan(0); // similar
    await page.screenshot({ path: path.join(RESULTS_DIR, 'artwork.png') });

    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('forest');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/\?q=forest$/);
    await page.waitForSelector('#grid.is-masonry > .tile');

    expect(problems).toEqual([]);
  });

  it('links every card to its artwork page and to the original post, whoever built the tile', { timeout: 20_000 }, async () => {
    const api = (await (await fetch(`${t.baseUrl}/api/search?q=lighthouse`)).json()) as { hits: { id: string; sourceUrl: string }[] };
    const expected = api.hits.map((hit) => [`/a/${hit.id}`, hit.sourceUrl]);
    const page = await context.newPage();
    const links = () =>
      page.locator('#grid > .tile').evaluateAll((tiles) =>
        tiles.map((tile) => [tile.querySelector('a.tile-link')?.getAttribute('href'), tile.querySelector('a.tile-author')?.getAttribute('href')]),
      );
    await page.goto(`${t.baseUrl}/?q=lighthouse`); // rendered by the server
    await page.waitForSelector('#grid.is-masonry > .tile');
    expect(await links()).toEqual(expected);
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('lighthouse', { delay: 25 }); // built in the browser (tiles.js)
    await expect.poll(links).toEqual(expected);
    // The caption lies over the picture: a click on it still opens the artwork.
    await page.locator('#grid > .tile').first().hover();
    const caption = (await page.locator('#grid > .tile .tile-prompt').first().boundingBox())!;
    await page.mouse.click(caption.x + caption.width / 2, caption.y + caption.height / 2);
    await page.waitForURL(new RegExp(`/a/${api.hits[0]!.id}$`));
    await page.close();
  });
});

async function columnCount(page: Page): Promise<number> {
  const lefts = await page.locator('#grid > .tile').evaluateAll((tiles) => tiles.map((tile) => Math.round(tile.getBoundingClientRect().left)));
  return new Set(lefts).size;
}

/** Masonry tiles never overlap each other. */
async function expectNoOverlap(page: Page): Promise<void> {
  const boxes = await page.locator('#grid > .tile').evaluateAll((tiles) =>
    tiles.map((tile) => {
      const rect = tile.getBoundingClientRect();
      return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    }),
  );
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(overlap, `tiles ${i} and ${j} overlap`).toBe(false);
    }
  }
}
