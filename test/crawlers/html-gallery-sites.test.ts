import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTestImage } from '../support/test-app.ts';
import { indexedIds, startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { sendBytes, sendJson, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

/**
 * Gallery pages built the way AI-art sites build them, each for one case: cards rendered by the
 * page's own script from a JSON endpoint, "load more" buttons, lazy images, items embedded as
 * __NEXT_DATA__ or JSON-LD, and a script that never delivers its next batch.
 */

/** A page whose script renders cards from `endpoint`, a batch at a time, when the reader nears the bottom. */
const infiniteScrollPage = (endpoint: string) => `<!doctype html>
<html><head><title>Explore</title><style>article.card { height: 420px; display: block; }</style></head>
<body>
  <main id="grid"></main>
  <script>
    let batch = 0, loading = false, done = false;
    async function more() {
      if (loading || done) return;
      loading = true;
      try {
        const response = await fetch('${endpoint}?batch=' + batch);
        const data = await response.json();
        batch += 1;
        for (const card of data.cards) {
          const article = document.createElement('article');
          article.className = 'card';
          article.innerHTML = '<a class="post" href="/art/' + card.id + '"><img src="/img/' + card.id + '.png" alt=""></a><p class="prompt"></p>';
          article.querySelector('.prompt').textContent = card.prompt;
          document.getElementById('grid').appendChild(article);
        }
        done = !data.more;
      } finally {
        loading = false;
      }
    }
    window.addEventListener('scroll', () => {
      if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 100) more();
    });
    more();
  </script>
</body></html>`;

const LOAD_MORE_PAGE = `<!doctype html>
<html><body>
  <ul id="grid">
    <li class="card"><a class="post" href="/art/lm0"><img src="/img/lm0.png" alt="paper boats lm0"></a></li>
    <li class="card"><a class="post" href="/art/lm1"><img src="/img/lm1.png" alt="paper boats lm1"></a></li>
  </ul>
  <button id="more" type="button">Load more</button>
  <script>
    // A live-updates long-poll opened with the page and never answered: no round waits for it.
    fetch('/api/live').catch(() => undefined);
    let page = 1;
    document.getElementById('more').addEventListener('click', async () => {
      const data = await (await fetch('/api/more?page=' + page)).json();
      page += 1;
      for (const card of data.cards) {
        const li = document.createElement('li');
        li.className = 'card';
        li.innerHTML = '<a class="post" href="/art/' + card.id + '"><img src="/img/' + card.id + '.png"></a>';
        li.querySelector('img').alt = card.prompt;
        document.getElementById('grid').appendChild(li);
      }
      if (!data.more) document.getElementById('more').remove();
    });
  </script>
</body></html>`;

/** Served at /lazy/gallery, so "../img/…" resolves to /img/…. */
const LAZY_IMAGES_PAGE = `<!doctype html>
<html><body>
  <figure class="card"><a href="/lazy/post/a"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy-a.png"></a></figure>
  <figure class="card"><a href="/lazy/post/b"><img src="/img/lazy-b-small.png" srcset="/img/lazy-b-small.png 200w, /img/lazy-b-large.png 800w, /img/lazy-b-medium.png 400w"></a></figure>
  <figure class="card"><a href="/lazy/post/c"><picture>
    <source type="image/webp" srcset="/img/lazy-c-1x.png, /img/lazy-c-2x.png 2x">
    <img src="/img/lazy-c-fallback.png"></picture></a></figure>
  <figure class="card"><a href="/lazy/post/d"><img src="../img/lazy-d.png"></a></figure>
  <figure class="card"><a href="/lazy/post/e"><img data-srcset="/img/w_400,h_300/lazy-e.png 400w, /img/w_1200,h_900/lazy-e.png 1200w"></a></figure>
</body></html>`;

const NEXT_DATA = {
  props: {
    pageProps: {
      feed: {
        images: [1, 2, 3].map((n) => ({
          id: n,
          url: `/img/next-${n}.png`,
          postUrl: `/images/${n}`,
          user: { username: `maker${n}` },
          meta: { prompt: `isometric tea house ${n}, tilt-shift`, negativePrompt: 'lowres', model: 'sdxl-base', params: { steps: 20 + n, sampler: 'Euler a', hires: true } },
        })),
      },
    },
  },
};

/** The script's cards repeat the embedded items (no duplicates wanted) and add one the data does not have. */
const NEXT_DATA_PAGE = `<!doctype html>
<html><body>
  <div id="__next">
    <div class="tile"><a href="/images/1"><img src="/img/next-1.png" alt="isometric tea h…"></a></div>
    <div class="tile"><a href="/images/4"><img src="/img/next-4.png" alt="only in the DOM"></a></div>
  </div>
  <script id="__NEXT_DATA__" type="application/json">${JSON.stringify(NEXT_DATA)}</script>
</body></html>`;

const JSON_LD_LIST = {
  '@context': 'https://schema.org',
  '@type': 'ItemList',
  itemListElement: [1, 2, 3].map((n) => ({
    '@type': 'ListItem',
    position: n,
    item: {
      '@type': 'CreativeWork',
      url: `/ld/post/${n}`,
      image: { '@type': 'ImageObject', contentUrl: `/img/ld-${n}.png` },
      description: `lighthouse at dusk ${n}…`,
      author: { '@type': 'Person', name: `keeper${n}`, url: `/u/keeper${n}` },
    },
  })),
};

const JSON_LD_LIST_PAGE = `<!doctype html><html><head>
  <script type="application/ld+json">${JSON.stringify(JSON_LD_LIST)}</script>
  <script type="application/ld+json">{ not json at all</script>
</head><body><h1>Lighthouses</h1></body></html>`;

/** Post pages 1 and 2 describe the work in JSON-LD; post page 3 only in OpenGraph. */
function jsonLdPostPage(n: number): string {
  const fullPrompt = `lighthouse at dusk ${n}, volumetric fog, 35mm film, golden hour, long exposure`;
  if (n === 3) {
    return `<!doctype html><html><head>
      <meta property="og:image" content="/img/ld-3.png"><meta property="og:description" content="${fullPrompt}">
    </head><body><p>post ${n}</p></body></html>`;
  }
  const described = {
    '@context': 'https://schema.org',
    '@type': 'ImageObject',
    contentUrl: `/img/ld-${n}.png`,
    caption: fullPrompt,
    additionalProperty: [
      { '@type': 'PropertyValue', name: 'Negative prompt', value: 'blurry, watermark' },
      { '@type': 'PropertyValue', name: 'Model', value: 'flux-dev' },
      { '@type': 'PropertyValue', name: 'steps', value: 28 },
      { '@type': 'PropertyValue', name: 'sampler', value: 'DPM++ 2M' },
    ],
  };
  // The post page's script would only be decoration: post pages are read with scripts off.
  return `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify(described)}</script></head>
    <body><script>document.title = 'ran';</script><p>post ${n}</p></body></html>`;
}

/** Quiet time before a page counts as exhausted: generous, a loaded machine may be slow between a scroll and its request. */
const SETTLE_MS = 2_000;
const SCROLL_BATCH = 8;
const SCROLL_BATCHES = 3;
const STUCK_BATCH = 4;

describe('rendered gallery pages (Chromium)', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;
  let seed = 900;
  /** While true, /api/stuck holds every batch after the first without answering. */
  let stuck = true;
  const held: Array<() => void> = [];

  const serveImage = async (path: string) => {
    seed += 1;
    server.route(path, sendBytes('image/png', await renderTestImage(seed, 64, 64)));
  };
  /** Stored works whose post URL starts with `path`: each case has its own. */
  const storedUnder = async (path: string) =>
    (await storedArtworks(harness, 'galleries')).filter((row) => row.post_url.startsWith(`${server.origin}${path}`));
  const cards = (prefix: string, batch: number, size: number) =>
    Array.from({ length: size }, (_, index) => ({ id: `${prefix}${batch * size + index}`, prompt: `koi pond ${prefix}${batch * size + index}` }));

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/robots.txt', sendBytes('text/plain', 'User-agent: *\nAllow: /\n'));

    server.route('/scroll', sendBytes('text/html; charset=utf-8', infiniteScrollPage('/api/slow-cards')));
    server.route('/api/slow-cards', async (request, response, url) => {
      const batch = Number(url.searchParams.get('batch'));
      // Slow on purpose: the next batch must not be mistaken for the end of the gallery.
      await delay(700);
      sendJson({ cards: cards('s', batch, SCROLL_BATCH), more: batch + 1 < SCROLL_BATCHES })(request, response, url);
    });
    for (let index = 0; index < SCROLL_BATCH * SCROLL_BATCHES; index += 1) {
      seed += 1;
      const bytes = await renderTestImage(seed, 64, 64);
      // Slow images on the same host fill the politeness queue while the page asks for more.
      server.route(`/img/s${index}.png`, async (_request, response) => {
        await delay(100);
        response.writeHead(200, { 'content-type': 'image/png' }).end(bytes);
      });
    }

    server.route('/load-more', sendBytes('text/html; charset=utf-8', LOAD_MORE_PAGE));
    server.route('/api/more', (request, response, url) => {
      const page = Number(url.searchParams.get('page'));
      const more = [0, 1, 2].map((index) => ({ id: `lm${page * 3 + index - 1}`, prompt: `paper boats lm${page * 3 + index - 1}` }));
      sendJson({ cards: more, more: page < 2 })(request, response, url);
    });
    server.route('/api/live', (_request, response) => {
      held.push(() => response.writeHead(204).end());
    });
    for (let index = 0; index < 8; index += 1) await serveImage(`/img/lm${index}.png`);

    server.route('/lazy/gallery', sendBytes('text/html; charset=utf-8', LAZY_IMAGES_PAGE));
    for (const path of ['/img/lazy-a.png', '/img/lazy-b-large.png', '/img/lazy-c-2x.png', '/img/lazy-d.png', '/img/w_1200,h_900/lazy-e.png']) {
      await serveImage(path);
    }

    server.route('/next', sendBytes('text/html; charset=utf-8', NEXT_DATA_PAGE));
    for (const n of [1, 2, 3, 4]) await serveImage(`/img/next-${n}.png`);

    server.route('/ld', sendBytes('text/html; charset=utf-8', JSON_LD_LIST_PAGE));
    for (const n of [1, 2, 3]) {
      server.route(`/ld/post/${n}`, sendBytes('text/html; charset=utf-8', jsonLdPostPage(n)));
      await serveImage(`/img/ld-${n}.png`);
    }

    server.route('/stuck', sendBytes('text/html; charset=utf-8', infiniteScrollPage('/api/stuck')));
    server.route('/api/stuck', (request, response, url) => {
      const batch = Number(url.searchParams.get('batch'));
      const answer = (target: ServerResponse) =>
        sendJson({ cards: cards('t', batch, STUCK_BATCH), more: batch + 1 < 3 })(request, target, url);
      if (stuck && batch > 0) held.push(() => answer(response));
      else answer(response);
    });
    server.route('/failing', sendBytes('text/html; charset=utf-8', infiniteScrollPage('/api/failing')));
    server.route('/api/failing', (request, response, url) => {
      const batch = Number(url.searchParams.get('batch'));
      if (batch > 0) response.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded');
      else sendJson({ cards: cards('f', batch, STUCK_BATCH), more: true })(request, response, url);
    });
    for (let index = 0; index < STUCK_BATCH; index += 1) await serveImage(`/img/f${index}.png`);
    for (let index = 0; index < STUCK_BATCH * 3; index += 1) {
      seed += 1;
      server.route(`/img/t${index}.png`, sendBytes('image/png', await renderTestImage(seed, 64, 64)));
    }

    // One artworks.source for all: works of different sources that look alike would be folded together.
    const base = { type: 'html' as const, artworkSource: 'galleries' };
    harness = await startCrawlHarness([
      testSource({
        ...base,
        name: 'scroll',
        // One request at a time to the host, 250 ms apart: the page's batches compete with 24 image
        // downloads (a fixed 1.5 s settle time stopped after the first 8 cards here).
        politeness: { maxConcurrentPerHost: 1, minIntervalMs: 250 },
        concurrency: 4,
        options: { startUrl: `${server.origin}/scroll`, selectors: { item: 'article.card', image: 'img', prompt: '.prompt', postLink: 'a.post' }, scrollSettleMs: SETTLE_MS },
      }),
      testSource({
        ...base,
        name: 'load-more',
        options: { startUrl: `${server.origin}/load-more`, selectors: { item: 'li.card', image: 'img', prompt: 'img', postLink: 'a.post', loadMore: '#more' }, scrollSettleMs: SETTLE_MS },
      }),
      testSource({
        ...base,
        name: 'lazy',
        options: { startUrl: `${server.origin}/lazy/gallery`, selectors: { item: 'figure.card', image: 'img', postLink: 'a' }, maxScrolls: 1 },
      }),
      testSource({
        ...base,
        name: 'next-data',
        options: {
          startUrl: `${server.origin}/next`,
          selectors: { item: '.tile', image: 'img', prompt: 'img', postLink: 'a' },
          nextData: {
            itemsPointer: '/props/pageProps/feed/images',
            fields: { image: '/url', postLink: '/postUrl', prompt: '/meta/prompt', negativePrompt: '/meta/negativePrompt', model: '/meta/model', author: '/user/username', params: '/meta/params' },
          },
          jsonLd: false,
          maxScrolls: 1,
        },
      }),
      testSource({
        ...base,
        name: 'json-ld',
        options: { startUrl: `${server.origin}/ld`, detail: true },
      }),
      testSource({
        ...base,
        name: 'stuck',
        // The page's request for the next batch is still pending when this runs out.
        options: { startUrl: `${server.origin}/stuck`, selectors: { item: 'article.card', image: 'img', prompt: '.prompt', postLink: 'a.post' }, scrollTimeoutMs: 3_000, scrollSettleMs: SETTLE_MS },
      }),
      testSource({
        ...base,
        name: 'failing',
        options: { startUrl: `${server.origin}/failing`, selectors: { item: 'article.card', image: 'img', prompt: '.prompt', postLink: 'a.post' }, scrollSettleMs: SETTLE_MS },
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const answer of held.splice(0)) answer();
    await harness.close();
    await server.close();
  });

  it('scrolls an infinite gallery behind a slow JSON endpoint until its end and indexes every card', { timeout: 90_000 }, async () => {
    const report = await harness.crawl.run('scroll', { trigger: 'cli' });

    const total = SCROLL_BATCH * SCROLL_BATCHES;
    expect(report).toMatchObject({ status: 'succeeded', stopReason: 'end_of_content', itemsShown: total, counts: { fetched: total, new: total, failed: 0 } });
    expect(server.requests.filter((path) => path.startsWith('/api/slow-cards'))).toEqual(['/api/slow-cards?batch=0', '/api/slow-cards?batch=1', '/api/slow-cards?batch=2']);
    const rows = await storedUnder('/art/s');
    expect(rows.map((row) => row.prompt).sort()).toEqual(Array.from({ length: total }, (_, index) => `koi pond s${index}`).sort());
    const indexed = new Set(await indexedIds(harness));
    expect(rows.every((row) => indexed.has(row.id))).toBe(true);
  });

  it('clicks "load more" until the button is gone, not held up by a long-poll the page opened earlier', { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('load-more', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', stopReason: 'end_of_content', itemsShown: 8, counts: { new: 8, failed: 0 } });
    expect(server.requests.filter((path) => path.startsWith('/api/more'))).toEqual(['/api/more?page=1', '/api/more?page=2']);
    expect(server.requests).toContain('/api/live');
    const rows = await storedUnder('/art/lm');
    expect(rows.map((row) => row.prompt).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `paper boats lm${index}`).sort());
  });

  it('takes lazy images from data-src, the largest srcset candidate and <picture> sources, resolving relative URLs', { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('lazy', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { new: 5, failed: 0 } });
    const imageOf = new Map((await storedUnder('/lazy/post/')).map((row) => [row.post_url.replace(server.origin, ''), row.image_url.replace(server.origin, '')]));
    expect(Object.fromEntries(imageOf)).toEqual({
      '/lazy/post/a': '/img/lazy-a.png',
      '/lazy/post/b': '/img/lazy-b-large.png',
      '/lazy/post/c': '/img/lazy-c-2x.png',
      '/lazy/post/d': '/img/lazy-d.png',
      '/lazy/post/e': '/img/w_1200,h_900/lazy-e.png',
    });
  });

  it('reads items from __NEXT_DATA__ at the configured pointer, then DOM cards it does not have, each once', { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('next-data', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', itemsShown: 4, counts: { fetched: 4, new: 4, failed: 0 } });
    const rows = await storedUnder('/images/');
    expect(rows.find((row) => row.post_url === `${server.origin}/images/2`)).toMatchObject({
      image_url: `${server.origin}/img/next-2.png`,
      prompt: 'isometric tea house 2, tilt-shift',
      model: 'sdxl-base',
      author_handle: 'maker2',
      params: expect.objectContaining({ steps: 22, sampler: 'Euler a', hires: true }),
    });
    // Item 1 is in the data and in the DOM: the data's full prompt, stored once.
    expect(rows.filter((row) => row.post_url === `${server.origin}/images/1`).map((row) => row.prompt)).toEqual(['isometric tea house 1, tilt-shift']);
    expect(rows.find((row) => row.post_url === `${server.origin}/images/4`)?.prompt).toBe('only in the DOM');
  });

  it('reads JSON-LD items and completes each from its post page (JSON-LD, else OpenGraph)', { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('json-ld', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', itemsShown: 3, counts: { new: 3, failed: 0 } });
    expect(server.requests.filter((path) => path.startsWith('/ld/post/'))).toEqual(['/ld/post/1', '/ld/post/2', '/ld/post/3']);
    const rows = await storedUnder('/ld/post/');
    const byPost = (n: number) => rows.find((row) => row.post_url === `${server.origin}/ld/post/${n}`);
    expect(byPost(1)).toMatchObject({
      image_url: `${server.origin}/img/ld-1.png`,
      prompt: 'lighthouse at dusk 1, volumetric fog, 35mm film, golden hour, long exposure',
      model: 'flux-dev',
      author_handle: 'keeper1',
      params: expect.objectContaining({ steps: 28, sampler: 'DPM++ 2M' }),
    });
    expect(byPost(3)?.prompt).toBe('lighthouse at dusk 3, volumetric fog, 35mm film, golden hour, long exposure');
    const negative = await harness.testApp.app.db.selectFrom('artworks').select('negative_prompt').where('post_url', '=', `${server.origin}/ld/post/2`).executeTakeFirst();
    expect(negative?.negative_prompt).toBe('blurry, watermark');
  });

  it('ends a run whose page never delivers the next batch as partial, and the next run resumes after it', { timeout: 90_000 }, async () => {
    const first = await harness.crawl.run('stuck', { trigger: 'cli' });

    expect(first).toMatchObject({ status: 'partial', stopReason: 'time_bound', itemsShown: STUCK_BATCH, counts: { fetched: STUCK_BATCH, new: STUCK_BATCH } });
    const [status] = (await harness.crawl.status(1)).filter((source) => source.name === 'stuck');
    expect(status?.runs[0]).toMatchObject({ status: 'partial', stop_reason: 'time_bound', items_shown: STUCK_BATCH, items_fetched: STUCK_BATCH });

    stuck = false;
    for (const answer of held.splice(0)) answer();
    const second = await harness.crawl.run('stuck', { trigger: 'cli' });

    // The first batch is shown again but not read again: the run picks up at the next card.
    expect(second).toMatchObject({ status: 'succeeded', stopReason: 'end_of_content', itemsShown: STUCK_BATCH * 3, counts: { fetched: STUCK_BATCH * 2, new: STUCK_BATCH * 2 } });
    const rows = await storedUnder('/art/t');
    expect(rows.map((row) => row.prompt).sort()).toEqual(Array.from({ length: STUCK_BATCH * 3 }, (_, index) => `koi pond t${index}`).sort());
  });

  it("ends a run as partial when the page's request for the next batch fails, instead of calling it the end", { timeout: 60_000 }, async () => {
    const report = await harness.crawl.run('failing', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'partial', stopReason: 'page_request_failed', itemsShown: STUCK_BATCH, counts: { fetched: STUCK_BATCH, new: STUCK_BATCH } });
    // Retried like any request before the page was told it failed.
    expect(server.requests.filter((path) => path === '/api/failing?batch=1').length).toBeGreaterThan(1);
  });
});
