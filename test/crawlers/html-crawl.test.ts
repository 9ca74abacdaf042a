import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTestImage } from '../support/test-app.ts';
import { startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { sendBytes, sendJson, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

const ITEMS_PER_CHUNK = 4;
const CHUNKS = 3;

/** A gallery whose cards are inserted by JavaScript, a chunk at a time, when the reader nears the bottom. */
const INFINITE_GALLERY = `<!doctype html>
<html><head><title>Gallery</title><style>article.card { height: 700px; display: block; }</style></head>
<body>
  <main id="grid"></main>
  <nav><a rel="next" href="/gallery-2">Older</a></nav>
  <script>
    let chunk = 0, loading = false, done = false;
    async function more() {
      if (loading || done) return;
      loading = true;
      const response = await fetch('/api/cards?chunk=' + chunk);
      const data = await response.json();
      chunk += 1;
      for (const card of data.cards) {
        const article = document.createElement('article');
        article.className = 'card';
        article.innerHTML = '<a class="post" href="/art/' + card.id + '"><img src="/img/' + card.id + '.png" alt=""></a>' +
          '<p class="prompt"></p><a class="author" href="/u/' + card.author + '"></a>';
        article.querySelector('.prompt').textContent = card.prompt;
        article.querySelector('.author').textContent = card.author;
        document.getElementById('grid').appendChild(article);
      }
      done = !data.more;
      loading = false;
    }
    window.addEventListener('scroll', () => {
      if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 100) more();
    });
    more();
  </script>
</body></html>`;

/** The next page is plain HTML, with one hostile card (markup in the prompt) and one without an image. */
const SECOND_PAGE = `<!doctype html><html><body>
  <article class="card"><a class="post" href="/art/p2-a"><img src="/img/p2-a.png"></a>
    <p class="prompt">&lt;script&gt;alert(1)&lt;/script&gt; neon koi</p><a class="author" href="/u/zed">zed</a></article>
  <article class="card"><a class="post" href="/art/p2-b"></a><p class="prompt">no picture here</p></article>
</body></html>`;

describe('rendered page source (Chromium)', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/robots.txt', sendBytes('text/plain', 'User-agent: *\nAllow: /\n'));
    server.route('/gallery', sendBytes('text/html; charset=utf-8', INFINITE_GALLERY));
    server.route('/gallery-2', sendBytes('text/html; charset=utf-8', SECOND_PAGE));
    server.route('/api/cards', (request, response, url) => {
      const chunk = Number(url.searchParams.get('chunk'));
      const cards = Array.from({ length: ITEMS_PER_CHUNK }, (_, index) => {
        const id = `c${chunk * ITEMS_PER_CHUNK + index}`;
        return { id, prompt: `watercolour harbour ${id}`, author: `painter${index % 2}` };
      });
      sendJson({ cards, more: chunk + 1 < CHUNKS })(request, response, url);
    });
    const ids = [...Array.from({ length: ITEMS_PER_CHUNK * CHUNKS }, (_, index) => `c${index}`), 'p2-a'];
    for (const [index, id] of ids.entries()) {
      server.route(`/img/${id}.png`, sendBytes('image/png', await renderTestImage(500 + index, 128, 128)));
    }
    harness = await startCrawlHarness([
      testSource({
        name: 'gallery',
        type: 'html',
        artworkSource: 'gallery',
        options: {
          startUrl: `${server.origin}/gallery`,
          selectors: { item: 'article.card', image: 'img', prompt: '.prompt', author: '.author', authorLink: 'a.author', postLink: 'a.post', nextPage: 'a[rel="next"]' },
          // Generous: a loaded CI machine may take a while between a scroll and the request it causes.
          scrollSettleMs: 2_500,
        },
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('scrolls until no new items appear, follows the next page, and stores every card once', { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('gallery', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', stopReason: 'end_of_content', itemsShown: 14, counts: { fetched: 14, new: 13, failed: 1 } });
    expect(server.requests.filter((path) => path.startsWith('/api/cards'))).toEqual(['/api/cards?chunk=0', '/api/cards?chunk=1', '/api/cards?chunk=2']);
    const rows = await storedArtworks(harness, 'gallery');
    expect(rows).toHaveLength(13);
    expect(rows.find((row) => row.source_id === `${server.origin}/art/c5`)).toMatchObject({
      post_url: `${server.origin}/art/c5`,
      image_url: `${server.origin}/img/c5.png`,
      prompt: 'watercolour harbour c5',
      author_handle: 'painter1',
    });
    // Crawled text is stored as text, markup and all; escaping is the pages' job.
    expect(rows.find((row) => row.source_id === `${server.origin}/art/p2-a`)?.prompt).toBe('<script>alert(1)</script> neon koi');
    // The browser never fetched pictures itself: each image was downloaded once, by the runner.
    const imageRequests = server.requests.filter((path) => path.startsWith('/img/'));
    expect(imageRequests).toHaveLength(13);
    expect(new Set(imageRequests).size).toBe(13);
  });
});
