import { z } from 'zod';
import type { FeedEntry, FeedPage, ParsedFeedEntry } from './feed-entry.ts';

const MAX_ENTRIES = 1_000;

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). */
const jsonFeedSchema = z.object({
  version: z.string().startsWith('https://jsonfeed.org/version/'),
  items: z.array(z.unknown()),
  next_url: z.string().optional(),
});

const person = z.object({ name: z.string().optional(), url: z.string().optional() });
const jsonFeedItemSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  image: z.string().optional(),
  banner_image: z.string().optional(),
  date_published: z.string().optional(),
  date_modified: z.string().optional(),
  author: person.optional(), // 1.0
  authors: z.array(person).optional(), // 1.1
  tags: z.array(z.string()).optional(),
  attachments: z.array(z.object({ url: z.string(), mime_type: z.string().optional() })).optional(),
});

export function parseJsonFeed(json: unknown, feedUrl: string): FeedPage {
  const feed = jsonFeedSchema.parse(json);
  const entries: ParsedFeedEntry[] = feed.items.slice(0, MAX_ENTRIES).map((raw) => {
    const parsed = jsonFeedItemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: `invalid JSON Feed item: ${issue?.path.join('.') || 'item'}: ${issue?.message}` };
    }
    return { ok: true, entry: toEntry(parsed.data) };
  });
  return { entries, nextUrl: feed.next_url ? new URL(feed.next_url, feedUrl).href : undefined };
}

function toEntry(item: z.output<typeof jsonFeedItemSchema>): FeedEntry {
  const author = item.authors?.[0] ?? item.author;
  const attachment = item.attachments?.find((candidate) => candidate.mime_type?.startsWith('image/'));
  return {
    id: item.id,
    link: item.url,
    title: item.title,
    html: item.content_html,
    text: item.content_text ?? item.summary,
    imageUrl: item.image ?? attachment?.url ?? item.banner_image,
    authorName: author?.name,
    authorUrl: author?.url,
    published: item.date_published ?? item.date_modified,
    tags: item.tags ?? [],
  };
}
