import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
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
  url: string;
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
  const fingerprint = createHash('sha256').update(`${request.type}\n${request.url}`).digest('hex').slice(0, 12);
  const base = { name: `adhoc-${request.type}-${fingerprint}`, allowPrivateNetwork: request.allowPrivateNetwork };
  const config: SourceConfigInput = await (async (): Promise<SourceConfigInput> => {
    switch (request.type) {
      case 'civitai':
        return { ...base, type: 'civitai', options: { apiBaseUrl: request.url } };
      case 'feed':
        return { ...base, type: 'feed', options: { url: request.url } };
      case 'html':
        return { ...base, type: 'html', options: { startUrl: request.url, selectors: { ...DEFAULT_HTML_SELECTORS, ...request.selectors } } };
      case 'import':
        return { ...base, type: 'import', options: await importOptionsFor(request) };
    }
  })();
  const parsed = sourceConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceConfigError(`invalid ${request.type} source: ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

async function importOptionsFor(request: AdHocSourceRequest) {
  if (/^https?:\/\//i.test(request.url)) return { urls: [request.url] };
  const local = path.resolve(request.url.startsWith('file:') ? fileURLToPath(request.url) : request.url);
  const found = await stat(local).catch(() => undefined);
  if (found?.isDirectory()) return { folder: local, publicBaseUrl: request.publicBaseUrl };
  return { urlListFile: local };
}
