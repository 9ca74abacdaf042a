import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { htmlOptionsSchema } from '../../config/source-config.ts';

export type ItemSelectors = z.output<typeof htmlOptionsSchema>['selectors'];

const MAX_ITEMS_PER_PAGE = 5_000;

/**
 * Runs in the page, so it is plain JavaScript in a string: a compiled TypeScript function could
 * carry helpers (esbuild's __name) that do not exist in the page. URLs are resolved by the DOM
 * against the document's base URL. Selectors match the item itself or its descendants.
 */
const EXTRACT_SCRIPT = `(args) => {
  const within = (root, selector) => !selector ? null : (root.matches(selector) ? root : root.querySelector(selector));
  const absolute = (url) => { try { return url ? new URL(url, document.baseURI).href : null; } catch { return null; } };
  const textOf = (element) => {
    if (!element) return null;
    const tagged = element.getAttribute('data-prompt');
    if (tagged) return tagged;
    if (element.tagName === 'IMG') return element.getAttribute('alt');
    return element.textContent;
  };
  const imageOf = (element) => {
    if (!element) return null;
    if (element.tagName === 'IMG') return element.currentSrc || element.getAttribute('src') || element.getAttribute('data-src');
    if (element.tagName === 'SOURCE') return (element.getAttribute('srcset') || '').split(',')[0].trim().split(/\\s+/)[0];
    if (element.tagName === 'A') return element.getAttribute('href');
    return element.getAttribute('src') || element.getAttribute('data-src');
  };
  const hrefOf = (element) => element ? element.getAttribute('href') : null;
  const s = args.selectors;
  return Array.from(document.querySelectorAll(s.item)).slice(0, args.max).map((item) => ({
    image: absolute(imageOf(within(item, s.image))),
    prompt: textOf(within(item, s.prompt)),
    negativePrompt: textOf(within(item, s.negativePrompt)),
    model: textOf(within(item, s.model)),
    author: textOf(within(item, s.author)),
    authorLink: absolute(hrefOf(within(item, s.authorLink))),
    postLink: absolute(hrefOf(within(item, s.postLink))),
  }));
}`;

/** What the page said about one item: untrusted, so bounded and checked here. */
const boundedText = (max: number) =>
  z
    .string()
    .nullable()
    .transform((value) => value?.replace(/\s+/g, ' ').trim().slice(0, max) || null);

const extractedItemSchema = z.object({
  image: boundedText(2048),
  prompt: boundedText(10_000),
  negativePrompt: boundedText(10_000),
  model: boundedText(200),
  author: boundedText(200),
  authorLink: boundedText(2048),
  postLink: boundedText(2048),
});
export type ExtractedItem = z.output<typeof extractedItemSchema>;

export async function extractItems(page: Page, selectors: ItemSelectors): Promise<ExtractedItem[]> {
  const raw: unknown = await page.evaluate(`(${EXTRACT_SCRIPT})(${JSON.stringify({ selectors, max: MAX_ITEMS_PER_PAGE })})`);
  return z.array(extractedItemSchema).parse(raw);
}

/** Scrolls to the bottom and waits up to `settleMs` for more items; false when none came. */
export async function scrollForMore(page: Page, itemSelector: string, knownCount: number, settleMs: number): Promise<boolean> {
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  await page.mouse.wheel(0, 4_000);
  try {
    await page.waitForFunction(`document.querySelectorAll(${JSON.stringify(itemSelector)}).length > ${knownCount}`, undefined, {
      timeout: settleMs,
      polling: 100,
    });
    return true;
  } catch {
    return false;
  }
}

/** The next page's absolute URL, when the page has a next link. */
export async function nextPageUrl(page: Page, selector: string | undefined): Promise<string | undefined> {
  if (!selector) return undefined;
  const href: unknown = await page.evaluate(
    `(() => { const link = document.querySelector(${JSON.stringify(selector)}); const href = link && link.getAttribute('href'); try { return href ? new URL(href, document.baseURI).href : null; } catch { return null; } })()`,
  );
  return typeof href === 'string' ? href : undefined;
}
