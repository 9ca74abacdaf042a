import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { FeedEntry, FeedPage, ParsedFeedEntry } from './feed-entry.ts';

/** Elements that may repeat; always arrays, so one item and many items read the same. */
const REPEATED = new Set(['item', 'entry', 'link', 'atom:link', 'category', 'enclosure', 'media:content', 'media:thumbnail', 'author']);
const MAX_ENTRIES = 1_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entity expansion stays within fast-xml-parser's default limits (billion-laughs guard).
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/** An element's text whether it came as a bare string or as {#text, @_attributes}. */
const text = z
  .union([z.string(), z.looseObject({ '#text': z.string().optional() })])
  .transform((node) => (typeof node === 'string' ? node : (node['#text'] ?? '')));
const withUrl = z.looseObject({ '@_url': z.string().optional(), '@_type': z.string().optional(), '@_medium': z.string().optional() });
const atomLink = z.union([
  z.string().transform((href) => ({ '@_href': href, '@_rel': undefined, '@_type': undefined })),
  z.looseObject({ '@_href': z.string().optional(), '@_rel': z.string().optional(), '@_type': z.string().optional() }),
]);

const rssItemSchema = z.looseObject({
  title: text.optional(),
  link: z.array(atomLink).optional(),
  guid: text.optional(),
  description: text.optional(),
  'content:encoded': text.optional(),
  pubDate: text.optional(),
  'dc:date': text.optional(),
  'dc:creator': text.optional(),
  category: z.array(text).optional(),
  enclosure: z.array(withUrl).optional(),
  'media:content': z.array(withUrl).optional(),
  'media:thumbnail': z.array(withUrl).optional(),
});

const atomPersonSchema = z.union([z.string().transform((name) => ({ name, uri: undefined })), z.looseObject({ name: text.optional(), uri: text.optional() })]);
const atomEntrySchema = z.looseObject({
  id: text.optional(),
  title: text.optional(),
  link: z.array(atomLink).optional(),
  summary: text.optional(),
  content: text.optional(),
  published: text.optional(),
  updated: text.optional(),
  author: z.array(atomPersonSchema).optional(),
  category: z.array(z.looseObject({ '@_term': z.string().optional() })).optional(),
  'media:content': z.array(withUrl).optional(),
  'media:thumbnail': z.array(withUrl).optional(),
});

const documentSchema = z.looseObject({
  rss: z.looseObject({ channel: z.looseObject({ item: z.array(z.unknown()).optional(), 'atom:link': z.array(atomLink).optional() }) }).optional(),
  feed: z.looseObject({ entry: z.array(z.unknown()).optional(), link: z.array(atomLink).optional() }).optional(),
});

export function parseXmlFeed(xml: string, feedUrl: string): FeedPage {
  // The parser is lenient by design; a truncated or broken document is refused as a whole instead.
  const validation = XMLValidator.validate(xml);
  if (validation !== true) throw new Error(`not well-formed XML: ${validation.err.msg} (line ${validation.err.line})`);
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch (error) {
    throw new Error(`not well-formed XML: ${(error as Error).message}`, { cause: error });
  }
  const document = documentSchema.parse(tree);
  if (document.rss) {
    const { channel } = document.rss;
    return { entries: parseEach(channel.item, rssItemSchema, rssEntry), nextUrl: nextLink(channel['atom:link'], feedUrl) };
  }
  if (document.feed) {
    const { feed } = document;
    return { entries: parseEach(feed.entry, atomEntrySchema, atomEntry), nextUrl: nextLink(feed.link, feedUrl) };
  }
  throw new Error('neither an RSS 2.0 nor an Atom document');
}

function parseEach<Schema extends z.ZodType>(
  raw: unknown[] | undefined,
  schema: Schema,
  map: (item: z.output<Schema>) => FeedEntry,
): ParsedFeedEntry[] {
  return (raw ?? []).slice(0, MAX_ENTRIES).map((item) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `invalid feed item: ${issue?.path.join('.') || 'item'}: ${issue?.message}` };
    }
    return { ok: true, entry: map(parsed.data) };
  });
}

function rssEntry(item: z.output<typeof rssItemSchema>): FeedEntry {
  const image =
    item.enclosure?.find((enclosure) => enclosure['@_type']?.startsWith('image/'))?.['@_url'] ??
    item['media:content']?.find((media) => media['@_medium'] === 'image' || media['@_type']?.startsWith('image/'))?.['@_url'] ??
    item['media:thumbnail']?.[0]?.['@_url'];
  return {
    id: item.guid,
    link: item.link?.find((link) => link['@_href'])?.['@_href'],
    title: item.title,
    html: item['content:encoded'] ?? item.description,
    imageUrl: image,
    authorName: item['dc:creator'],
    published: item.pubDate ?? item['dc:date'],
    tags: item.category ?? [],
  };
}

function atomEntry(entry: z.output<typeof atomEntrySchema>): FeedEntry {
  const links = entry.link ?? [];
  const alternate = links.find((link) => !link['@_rel'] || link['@_rel'] === 'alternate');
  const enclosure = links.find((link) => link['@_rel'] === 'enclosure' && link['@_type']?.startsWith('image/'));
  const media = entry['media:content']?.find((item) => item['@_medium'] === 'image' || item['@_type']?.startsWith('image/'));
  const author = entry.author?.[0];
  return {
    id: entry.id,
    link: alternate?.['@_href'],
    title: entry.title,
    html: entry.content ?? entry.summary,
    imageUrl: enclosure?.['@_href'] ?? media?.['@_url'] ?? entry['media:thumbnail']?.[0]?.['@_url'],
    authorName: author?.name,
    authorUrl: author?.uri,
    published: entry.published ?? entry.updated,
    tags: (entry.category ?? []).flatMap((category) => (category['@_term'] ? [category['@_term']] : [])),
  };
}

function nextLink(links: z.output<typeof atomLink>[] | undefined, feedUrl: string): string | undefined {
  const href = links?.find((link) => link['@_rel'] === 'next')?.['@_href'];
  if (!href) return undefined;
  try {
    return new URL(href, feedUrl).href;
  } catch {
    return undefined;
  }
}
