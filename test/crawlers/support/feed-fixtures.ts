/** Feed documents in the three formats, listing the same kind of items, for parser and crawl tests. */
export interface FeedFixtureItem {
  id: string;
  link: string;
  imageUrl: string;
  caption: string;
  author: string;
  published: string;
  tags: string[];
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssFeed(items: FeedFixtureItem[], options: { enclosure?: boolean } = {}): string {
  const entries = items.map((item) => {
    const description = `<p>${escapeXml(item.caption)}</p>${options.enclosure ? '' : `<img src="${item.imageUrl}" alt="">`}`;
    return `<item>
      <title>${escapeXml(item.caption.slice(0, 40))}</title>
      <link>${item.link}</link>
      <guid isPermaLink="false">${item.id}</guid>
      <description>${escapeXml(description)}</description>
      <pubDate>${new Date(item.published).toUTCString()}</pubDate>
      <dc:creator>${escapeXml(item.author)}</dc:creator>
      ${item.tags.map((tag) => `<category>${escapeXml(tag)}</category>`).join('')}
      ${options.enclosure ? `<enclosure url="${item.imageUrl}" type="image/png" length="1000"/>` : ''}
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel><title>Test gallery</title><link>https://gallery.example/</link><description>AI art</description>
  ${entries.join('\n')}
  </channel>
</rss>`;
}

export function atomFeed(items: FeedFixtureItem[], nextUrl?: string): string {
  const entries = items.map(
    (item) => `<entry>
      <id>${item.id}</id>
      <title>${escapeXml(item.caption.slice(0, 40))}</title>
      <link rel="alternate" href="${item.link}"/>
      <link rel="enclosure" type="image/png" href="${item.imageUrl}"/>
      <published>${item.published}</published>
      <updated>${item.published}</updated>
      <author><name>${escapeXml(item.author)}</name><uri>https://gallery.example/u/${item.author}</uri></author>
      <summary type="html">${escapeXml(`<b>${escapeXml(item.caption)}</b>`)}</summary>
      ${item.tags.map((tag) => `<category term="${escapeXml(tag)}"/>`).join('')}
    </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Test gallery</title><id>urn:test:gallery</id><updated>2026-01-01T00:00:00Z</updated>
  ${nextUrl ? `<link rel="next" href="${nextUrl}"/>` : ''}
  ${entries.join('\n')}
</feed>`;
}

export function jsonFeed(items: FeedFixtureItem[], nextUrl?: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Test gallery',
    ...(nextUrl ? { next_url: nextUrl } : {}),
    items: items.map((item) => ({
      id: item.id,
      url: item.link,
      content_text: item.caption,
      image: item.imageUrl,
      date_published: item.published,
      authors: [{ name: item.author }],
      tags: item.tags,
    })),
  });
}

export function feedItems(count: number, origin: string, prefix: string): FeedFixtureItem[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    link: `${origin}/posts/${prefix}-${index}`,
    imageUrl: `${origin}/images/${prefix}-${index}.png`,
    caption: `${prefix} caption ${index}: a fox & a crow <in> the snow`,
    author: `author${index % 2}`,
    published: new Date(Date.UTC(2026, 1, 1 + index)).toISOString(),
    tags: ['fox', `tag${index}`],
  }));
}
