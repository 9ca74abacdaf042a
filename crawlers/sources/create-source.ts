import type { SourceConfig } from '../config/source-config.ts';
import type { CrawlSource } from '../runner/crawl-source.ts';
import { createCivitaiSource } from './civitai/civitai-source.ts';
import { createFeedSource } from './feed/feed-source.ts';
import { createRenderedPageSource } from './html/rendered-page-source.ts';
import { createImportSource } from './import/import-source.ts';
import { createBlueskySource } from './bluesky/bluesky-source.ts';
import { createMastodonSource } from './mastodon/mastodon-source.ts';
import { createXSource } from './x/x-source.ts';

/** The one place that knows which module implements which source type. */
export function createSource(
  config: SourceConfig,
  limits: { maxDocumentBytes: number; maxImageBytes: number },
  secrets: { xBearerToken?: string | undefined } = {},
): CrawlSource {
  const artworkSource = artworkSourceOf(config);
  switch (config.type) {
    case 'civitai':
      return createCivitaiSource(config.options, artworkSource);
    case 'html':
      return createRenderedPageSource(config.options, artworkSource, limits.maxDocumentBytes);
    case 'feed':
      return createFeedSource(config.options, artworkSource);
    case 'import':
      return createImportSource(config.options, artworkSource, limits.maxImageBytes);
    case 'x':
      return createXSource(config.options, artworkSource, secrets.xBearerToken);
    case 'bluesky':
      return createBlueskySource(config.options, artworkSource);
    case 'mastodon':
      return createMastodonSource(config.options, artworkSource);
  }
}

const ARTWORK_SOURCE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/**
 * The artworks.source its records get: explicit, else "civitai", else the site's host name
 * (so two sources reading the same site share ids), else the source's own name.
 */
export function artworkSourceOf(config: SourceConfig): string {
  if (config.artworkSource) return config.artworkSource;
  if (config.type === 'civitai') return 'civitai';
  // One artworks.source per platform, so a creator's claim on a handle covers every source of it.
  if (config.type === 'x' || config.type === 'bluesky' || config.type === 'mastodon') return config.type;
  const url = config.type === 'html' ? config.options.startUrl : config.type === 'feed' ? config.options.url : undefined;
  const host = url ? new URL(url).hostname.toLowerCase().replace(/^www\./, '') : undefined;
  return host && ARTWORK_SOURCE.test(host) ? host : config.name;
}
