import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { mastodonOptionsFromTagUrl } from '../sources/mastodon/mastodon-options.ts';
import { SourceConfigError } from './load-sources.ts';
import { htmlSelectorsSchema, sourceConfigSchema, type SourceConfig, type SourceConfigInput, type SourceType } from './source-config.ts';

/** Generic selectors for `crawl --type html` without --selectors: common gallery markup. */
const DEFAULT_HTML_SELECTORS = {
  item: 'article, figure, [data-artwork]',
  image: 'img',
  prompt: '[data-prompt], figcaption, .prompt',
  author: '[rel="author"], .author, [data-author]',
  authorLink: 'a[rel="author"], a.author',
  postLink: 'a[href]',
  nextPage: 'a[rel="next"]',
};

export const htmlSelectorsOverrideSchema = htmlSelectorsSchema.partial();

export interface AdHocSourceRequest {
  type: SourceType;
  /** Not for x and bluesky, which take a query (and optionally apiBaseUrl) instead. */
  url?: string | undefined;
  /** x and bluesky: the search query. */
  query?: string | undefined;
  /** x and bluesky: another API host (a proxy, a local test server). */
  apiBaseUrl?: string | undefined;
  allowPrivateNetwork: boolean;
  selectors?: z.input<typeof htmlSelectorsOverrideSchema> | undefined;
  publicBaseUrl?: string | undefined;
}

/**
 * A source for `crawl --type … --url …`. Its name is derived from type and URL, so running the
 * same command again resumes where the last run stopped. For imports, --url names a folder, a
 * file with one URL per line, or a single image URL.
 */
export async function adHocSourceConfig(request: AdHocSourceRequest): Promise<SourceConfig> {
  const identity = [request.type, request.url ?? '', request.query ?? '', request.apiBaseUrl ?? ''].join('\n');
  const fingerprint = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  const url = request.url ?? '';
  const base = { name: `adhoc-${request.type}-${fingerprint}`, allowPrivateNetwork: request.allowPrivateNetwork };
  const config: SourceConfigInput = await (async (): Promise<SourceConfigInput> => {
    switch (request.type) {
      case 'civitai':
        return { ...base, type: 'civitai', options: { apiBaseUrl: url } };
      case 'feed':
        return { ...base, type: 'feed', options: { url } };
      case 'html':
        return { ...base, type: 'html', options: { startUrl: url, selectors: { ...DEFAULT_HTML_SELECTORS, ...request.selectors } } };
      case 'import':
        return { ...base, type: 'import', options: await importOptionsFor(url, request.publicBaseUrl) };
      case 'x':
      case 'bluesky':
        return { ...base, type: request.type, options: { query: request.query ?? '', ...(request.apiBaseUrl ? { apiBaseUrl: request.apiBaseUrl } : {}) } };
      case 'mastodon': {
        const tagPage = mastodonOptionsFromTagUrl(url);
        if (!tagPage) throw new SourceConfigError('a mastodon source takes --url https://<instance>/tags/<tag>');
        return { ...base, type: 'mastodon', options: tagPage };
      }
    }
  })();
  const parsed = sourceConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceConfigError(`invalid ${request.type} source: ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

async function importOptionsFor(url: string, publicBaseUrl: string | undefined) {
  if (/^https?:\/\//i.test(url)) return { urls: [url] };
  const local = path.resolve(url.startsWith('file:') ? fileURLToPath(url) : url);
  const found = await stat(local).catch(() => undefined);
  if (found?.isDirectory()) return { folder: local, publicBaseUrl };
  return { urlListFile: local };
}
