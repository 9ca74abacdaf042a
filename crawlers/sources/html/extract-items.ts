import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { htmlSelectorsSchema } from '../../config/source-config.ts';
import type { RawItem } from './structured-data.ts';

export type ItemSelectors = z.output<typeof htmlSelectorsSchema>;

const MAX_ITEMS_PER_PAGE = 5_000;
const MAX_PARAMS = 50;

/**
 * Runs in the page, so it is plain JavaScript in a string: a compiled TypeScript function could
 * carry helpers (esbuild's __name) that do not exist in the page. URLs are resolved by the DOM
 * against the document's base URL. Selectors match the item itself or its descendants.
 *
 * Pictures: the largest candidate of the image's srcset/data-srcset and of its <picture>'s
 * <source>s (by width, else density), else data-src (lazy loading), else src; data: URLs
 * (placeholders) never count. The srcset parser follows the HTML rules closely enough for
 * URLs holding commas (image CDNs' "w_800,h_600" paths).
 */
const EXTRACT_SCRIPT = `(args) => {
  const within = (root, selector) => !selector ? null : (root.matches(selector) ? root : root.querySelector(selector));
  const absolute = (url) => { try { return url ? new URL(url, document.baseURI).href : null; } catch { return null; } };
  const usable = (url) => url && !/^\\s*data:/i.test(url) ? url.trim() : null;
  const textOf = (element) => {
    if (!element) return null;
    const tagged = element.getAttribute('data-prompt');
    if (tagged) return tagged;
    if (element.tagName === 'IMG') return element.getAttribute('alt');
    return element.textContent;
  };
  const candidatesOf = (srcset) => {
    const found = [];
    const text = srcset || '';
    let at = 0;
    while (at < text.length) {
      while (at < text.length && /[\\s,]/.test(text[at])) at += 1;
      let end = at;
      while (end < text.length && !/\\s/.test(text[end])) end += 1;
      let url = text.slice(at, end);
      let descriptor = '';
      if (url.endsWith(',')) { url = url.replace(/,+$/, ''); at = end; }
      else {
        let close = text.indexOf(',', end);
        if (close === -1) close = text.length;
        descriptor = text.slice(end, close).trim();
        at = close + 1;
      }
      const width = /^(\\d+)w$/.exec(descriptor);
      const density = /^(\\d*\\.?\\d+)x$/.exec(descriptor);
      if (usable(url)) found.push(width ? { url, width: Number(width[1]) } : { url, density: density ? Number(density[1]) : 1 });
    }
    return found;
  };
  const largest = (elements) => {
    // Widths and densities do not compare: the widest width candidate, else the densest one.
    let wide = null, dense = null;
    for (const element of elements) {
      for (const attribute of ['srcset', 'data-srcset']) {
        for (const candidate of candidatesOf(element.getAttribute(attribute))) {
          if (candidate.width !== undefined) { if (!wide || candidate.width > wide.width) wide = candidate; }
          else if (!dense || candidate.density > dense.density) dense = candidate;
        }
      }
    }
    return (wide || dense || {}).url || null;
  };
  const imageOf = (element) => {
    if (!element) return null;
    if (element.tagName === 'IMG') {
      const picture = element.parentElement && element.parentElement.tagName === 'PICTURE' ? element.parentElement : null;
      const sources = picture ? Array.from(picture.querySelectorAll('source')) : [];
      return largest([...sources, element]) || usable(element.getAttribute('data-src')) || usable(element.getAttribute('src'));
    }
    if (element.tagName === 'PICTURE') return imageOf(element.querySelector('img')) || largest(Array.from(element.querySelectorAll('source')));
    if (element.tagName === 'SOURCE') return largest([element]);
    if (element.tagName === 'A') return usable(element.getAttribute('href'));
    return usable(element.getAttribute('data-src')) || usable(element.getAttribute('src'));
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
    params: {},
  }));
}`;

/** Structured data as the page carries it: read in the page, parsed here. */
const PAGE_DATA_SCRIPT = `(() => ({
  nextData: (document.getElementById('__NEXT_DATA__') || {}).textContent || null,
  jsonLd: Array.from(document.querySelectorAll('script[type="application/ld+json"]')).slice(0, 50).map((script) => script.textContent || ''),
  openGraph: Object.fromEntries(Array.from(document.querySelectorAll('meta[property^="og:"]'))
    .map((meta) => [meta.getAttribute('property'), meta.getAttribute('content') || ''])),
}))()`;

const pageDataSchema = z.object({
  nextData: z.string().nullable(),
  jsonLd: z.array(z.string()),
  openGraph: z.record(z.string(), z.string()),
});
export type PageData = z.output<typeof pageDataSchema>;

/** What the page said about one item: untrusted, so bounded and checked here. */
const boundedText = (max: number) =>
  z
    .string()
    .nullable()
    .transform((value) => value?.replace(/\s+/g, ' ').trim().slice(0, max) || null);

/** Parameters the artwork record accepts: short keys, scalar values, strings cut at 500. */
const boundedParams = z.record(z.string(), z.unknown()).transform((params) => {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) {
    if (Object.keys(kept).length >= MAX_PARAMS) break;
    const name = key.trim().slice(0, 64);
    if (!name) continue;
    if (typeof value === 'string') kept[name] = value.slice(0, 500);
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) kept[name] = value;
  }
  return kept;
});

const extractedItemSchema = z.object({
  image: boundedText(2048),
  prompt: boundedText(10_000),
  negativePrompt: boundedText(10_000),
  model: boundedText(200),
  author: boundedText(200),
  authorLink: boundedText(2048),
  postLink: boundedText(2048),
  params: boundedParams,
});
export type ExtractedItem = z.output<typeof extractedItemSchema>;

/** Bounds and checks items read from structured data (the DOM's pass through here too). */
export function checkItems(raw: unknown): ExtractedItem[] {
  return z.array(extractedItemSchema).parse(raw);
}

export function checkItem(raw: RawItem): ExtractedItem {
  return extractedItemSchema.parse(raw);
}

export async function extractItems(page: Page, selectors: ItemSelectors): Promise<ExtractedItem[]> {
  return checkItems(await page.evaluate(`(${EXTRACT_SCRIPT})(${JSON.stringify({ selectors, max: MAX_ITEMS_PER_PAGE })})`));
}

export async function readPageData(page: Page): Promise<PageData> {
  return pageDataSchema.parse(await page.evaluate(PAGE_DATA_SCRIPT));
}

/** Text of the first element matching `selector` (its data-prompt, or an image's alt, or its text). */
export async function textAt(page: Page, selector: string | undefined): Promise<string | null> {
  if (!selector) return null;
  const text: unknown = await page.evaluate(
    `(() => { const element = document.querySelector(${JSON.stringify(selector)}); if (!element) return null;
      return element.getAttribute('data-prompt') || (element.tagName === 'IMG' ? element.getAttribute('alt') : element.textContent); })()`,
  );
  return typeof text === 'string' ? text : null;
}

export async function countItems(page: Page, itemSelector: string): Promise<number> {
  const count: unknown = await page.evaluate(`document.querySelectorAll(${JSON.stringify(itemSelector)}).length`);
  return typeof count === 'number' ? count : 0;
}

/** The next page's absolute URL, when the page has a next link. */
export async function nextPageUrl(page: Page, selector: string | undefined): Promise<string | undefined> {
  if (!selector) return undefined;
  const href: unknown = await page.evaluate(
    `(() => { const link = document.querySelector(${JSON.stringify(selector)}); const href = link && link.getAttribute('href'); try { return href ? new URL(href, document.baseURI).href : null; } catch { return null; } })()`,
  );
  return typeof href === 'string' ? href : undefined;
}
