import type { ArtworkInput } from '../../../src/artworks/artwork-input.ts';
import type { MappedRecord } from '../../runner/crawl-source.ts';
import { sourceIdFor } from '../source-id.ts';
import { firstImageSource, htmlToText } from './feed-html.ts';

/** One feed item, whatever the format, before it becomes an artwork record. */
export interface FeedEntry {
  id?: string | undefined;
  link?: string | undefined;
  title?: string | undefined;
  /** HTML (RSS description, Atom content, JSON Feed content_html): text and first <img> come from it. */
  html?: string | undefined;
  text?: string | undefined;
  /** An image the format names explicitly (enclosure, media:content, JSON Feed image…). */
  imageUrl?: string | undefined;
  authorName?: string | undefined;
  authorUrl?: string | undefined;
  published?: string | undefined;
  tags: string[];
}

export type ParsedFeedEntry = { ok: true; entry: FeedEntry } | { ok: false; error: string };

export interface FeedPage {
  entries: ParsedFeedEntry[];
  /** The next page (Atom rel="next", JSON Feed next_url), absolute. */
  nextUrl?: string | undefined;
}

export function mapFeedEntry(entry: FeedEntry, feedUrl: string, source: string): MappedRecord {
  const image = entry.imageUrl ?? (entry.html ? firstImageSource(entry.html) : undefined);
  if (!image) return { ok: false, error: 'the feed item has no image' };
  const imageUrl = absolute(image, feedUrl);
  const link = entry.link ? absolute(entry.link, feedUrl) : undefined;
  const postUrl = link ?? imageUrl;
  if (!imageUrl || !postUrl) return { ok: false, error: 'the feed item has no usable URL' };
  const text = entry.text ?? (entry.html ? htmlToText(entry.html) : undefined);
  const input: ArtworkInput = {
    source,
    sourceId: sourceIdFor(entry.id ?? link ?? imageUrl),
    postUrl,
    imageUrl,
    author: { handle: null, name: entry.authorName ?? null, url: entry.authorUrl ? absolute(entry.authorUrl, feedUrl) ?? null : null },
    // Feeds carry captions, not prompts: the caption stands in until the image's own metadata says more.
    prompt: (text || entry.title || '').slice(0, 10_000),
    tags: [...new Set(entry.tags.map((tag) => tag.trim()).filter((tag) => tag && tag.length <= 100))].slice(0, 100),
    publishedAt: dateOrNull(entry.published),
  };
  return { ok: true, input };
}

function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

function dateOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
