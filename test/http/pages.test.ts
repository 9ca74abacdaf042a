import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderErrorPage } from '../../web/pages/error-page.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

const PUBLIC_URL = 'https://artsift.example';
const XSS_PROMPT = '<script>alert(1)</script> a neon fox in the rain';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

describe('server-rendered pages', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    const fixtures = [
      {
        key: 'xss',
        prompt: XSS_PROMPT,
        negativePrompt: 'blurry, <b>low quality</b>',
        model: 'Midjourney v6',
        source: 'othersource',
        author: { handle: 'foxy', name: 'Fox <Painter>', url: 'https://example.com/u/foxy' },
        params: { seed: 1234, steps: 28, sampler: 'DPM++ 2M Karras', cfgScale: 6.5, clipSkip: 2, size: '832x1216' },
        width: 832,
        height: 1216,
      },
      { key: 'lighthouse1', prompt: 'a quiet lighthouse on a cliff at dusk, oil painting', model: 'SDXL 1.0' },
      { key: 'lighthouse2', prompt: 'stormy lighthouse on a cliff, oil painting, dramatic sky', model: 'SDXL 1.0', width: 960, height: 640 },
      { key: 'lighthouse3', prompt: 'lighthouse keeper reading by lamplight, oil painting', model: 'Flux.1 dev', width: 640, height: 960 },
      { key: 'city', prompt: 'neon city at night, rain, reflections', model: 'Flux.1 dev', width: 960, height: 640 },
      { key: 'forest', prompt: 'misty forest with ancient trees, volumetric light', model: 'Flux.1 dev' },
      { key: 'cat', prompt: 'portrait of a cat astronaut, studio lighting', model: 'SDXL 1.0' },
      { key: 'desert', prompt: 'desert caravan under a violet sky', model: 'SDXL 1.0', width: 960, height: 640 },
      { key: 'nsfw', prompt: 'figure study in charcoal', model: 'Pony Diffusion V6', nsfw: true },
    ];
    await Promise.all(
      fixtures.map(async ({ key, ...fixture }, index) => {
        ids[key] = await ingestTestArtwork(t.app, { ...fixture, publishedAt: new Date(Date.UTC(2026, 0, 1 + index)) });
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const page = async (path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`, { headers: { Accept: 'text/html' }, redirect: 'manual' });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  describe('GET /', () => {
    it('renders a result grid that works without JavaScript', async () => {
      const { status, headers, body } = await page('/');
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/html/);
      expect(tileIds(body)).toHaveLength(8); // the NSFW artwork is hidden by default
      expect(tileIds(body)).not.toContain(ids.nsfw);
      // The search form is a real GET form with the box focused on load.
      expect(body).toMatch(/<form class="search-form" action="\/" method="get" role="search">/);
      expect(body).toMatch(/<input id="q"[^>]* name="q" value=""[^>]* autofocus>/);
      // Every tile: a link to the artwork, an image with its dimensions and alt text, a placeholder.
      const tile = tileHtml(body, ids.lighthouse2!);
      expect(tile).toContain(`href="/a/${ids.lighthouse2}"`);
      expect(tile).toMatch(/<img src="\/media\/[^"]+" srcset="[^"]+ 400w, [^"]+ 960w" sizes="[^"]+" width="960" height="640"/);
      expect(tile).toContain('alt="stormy lighthouse on a cliff, oil painting, dramatic sky"');
      expect(tile).toMatch(/data-thumbhash="[A-Za-z0-9+/=]{10,}"/);
      // Painted by the HTML itself, before any script: the thumbhash's colours as a gradient.
      expect(tile).toMatch(/<svg class="tile-placeholder" aria-hidden="true"[^>]*><linearGradient[^>]*>(<stop offset="[\d.]+" stop-color="#[0-9a-f]{6}"\/>){3}<\/linearGradient>/);
      expect(tile).toContain('<span class="tile-model">SDXL 1.0</span>');
      // The first tiles load at once, later ones lazily.
      expect(body.match(/loading="eager"/g)).toHaveLength(6);
      expect(body.match(/loading="lazy"/g)).toHaveLength(2);
      expect(body).toContain('<p class="status" id="status" role="status">8 artworks</p>');
    });

    it('offers filter chips with counts, the sort switch and the NSFW toggle as links', async () => {
      const { body } = await page('/?q=oil+painting');
      expect(chip(body, 'model', 'SDXL 1.0')).toMatchObject({ href: '/?q=oil+painting&amp;model=SDXL+1.0', count: '2', selected: false });
      expect(chip(body, 'model', 'Flux.1 dev')).toMatchObject({ count: '1' });
      expect(chip(body, 'aspect', 'landscape')).toMatchObject({ href: '/?q=oil+painting&amp;aspect=landscape', count: '1' });
      expect(chip(body, 'source', 'testsource')).toMatchObject({ count: '3' });
      expect(body).toContain('<a class="segment" href="/?q=oil+painting" data-sort="relevance" aria-current="true">Relevant</a>');
      expect(body).toContain('<a class="segment" href="/?q=oil+painting&amp;sort=newest" data-sort="newest">Newest</a>');
      expect(body).toMatch(/<a class="switch" href="\/\?q=oil\+painting&amp;nsfw=include" data-nsfw="exclude">/);
    });

    it('applies the query and filters from the URL, and keeps them in the header form', async () => {
      const { body } = await page('/?q=lighthouse&model=SDXL+1.0&sort=newest');
      expect(tileIds(body).sort()).toEqual([ids.lighthouse1, ids.lighthouse2].sort());
      expect(tileIds(body)[0]).toBe(ids.lighthouse2); // newest first
      expect(body).toContain('<title>lighthouse — artsift</title>');
      expect(body).toMatch(/<input id="q"[^>]* value="lighthouse"/);
      expect(body).toContain('<input type="hidden" name="model" value="SDXL 1.0">');
      expect(body).toContain('<input type="hidden" name="sort" value="newest">');
      // The selected chip is marked and its link removes the filter again.
      expect(chip(body, 'model', 'SDXL 1.0')).toMatchObject({ href: '/?q=lighthouse&amp;sort=newest', selected: true });
      // Matched words are highlighted in the captions.
      expect(tileHtml(body, ids.lighthouse1!)).toMatch(/<span class="tile-prompt" aria-hidden="true">a quiet <mark>lighthouse<\/mark> on a cliff/);

      const nsfw = await page('/?nsfw=include');
      expect(tileIds(nsfw.body)).toContain(ids.nsfw);
      expect(nsfw.body).toMatch(/<a class="switch" href="\/" data-nsfw="include" aria-current="true">/);
    });

    it('pages with real prev/next links', async () => {
      const first = await page('/?limit=3');
      expect(tileIds(first.body)).toHaveLength(3);
      expect(first.body).toContain('<a class="pager-link" rel="next" href="/?limit=3&amp;page=2">Next page →</a>');
      expect(first.body).toContain('<link rel="next" href="/?limit=3&amp;page=2">');
      expect(first.body).not.toContain('rel="prev"');

      const second = await page('/?limit=3&page=2');
      expect(second.body).toContain('<a class="pager-link" rel="prev" href="/?limit=3">← Previous</a>');
      expect(second.body).toContain('rel="next" href="/?limit=3&amp;page=3"');
      const last = await page('/?limit=3&page=3');
      expect(last.body).toContain('rel="prev"');
      expect(last.body).not.toContain('rel="next"');

      const seen = [first, second, last].flatMap(({ body }) => tileIds(body));
      expect(new Set(seen).size).toBe(8);
    });

    it('says what happened when nothing matches, and suggests the corrected query', async () => {
      const none = await page('/?q=zzqxv');
      expect(none.status).toBe(200);
      expect(tileIds(none.body)).toEqual([]);
      expect(none.body).toContain('No artwork matches ‘zzqxv’.');

      const corrected = await page('/?q=lighthouze&model=Nonexistent');
      expect(corrected.body).toContain('No artwork matches ‘lighthouze’.');
      expect(corrected.body).toContain('Did you mean <a href="/?q=lighthouse&amp;model=Nonexistent">‘lighthouse’</a>?');
      expect(corrected.body).toContain('<a href="/?q=lighthouze" data-way-back="clear-filters">Clear the filters</a>');
      expect(corrected.body).toContain('<a href="/?model=Nonexistent" data-way-back="clear-search">Clear the search, keep the filters</a>');
      expect(corrected.body).toContain('<a href="/" data-way-back="everything">Clear the search and show everything</a>');
      // The picked filter stays on screen, with a way to drop it.
      expect(corrected.body).toMatch(/<a class="chip" href="\/\?q=lighthouze" data-facet="model" data-value="Nonexistent" aria-current="true">Nonexistent<\/a>/);

      const typo = await page('/?q=lighthouze');
      expect(tileIds(typo.body)).toContain(ids.lighthouse1);
      expect(typo.body).toContain('showing matches for <a href="/?q=lighthouse">lighthouse</a>');
    });

    it('shows invalid parameters as a friendly 400 page', async () => {
      const bad = await page('/?page=abc&q=fox');
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
      expect(bad.body).toContain('That request could not be read');
      expect(bad.body).toMatch(/<li><code>page<\/code> — [^<]*number[^<]*<\/li>/);
      expect(bad.body).toMatch(/<input id="q"[^>]* value="fox"/);

      const long = await page(`/?q=${'x'.repeat(1001)}`);
      expect(long.status).toBe(400);
      expect(long.body).toContain('<li><code>q</code> — at most 1000 characters</li>');

      const deep = await page('/?page=1000');
      expect(deep.status).toBe(400);
      expect(deep.body).toContain('narrow the search instead');
    });
  });

  describe('GET /a/:id', () => {
    it('shows the artwork with prompt, parameters, provenance and actions', async () => {
      const { status, body } = await page(`/a/${ids.xss}`);
      expect(status).toBe(200);
      const api = (await (await fetch(`${t.baseUrl}/api/artworks/${ids.xss}`)).json()) as { previewUrl: string };
      expect(body).toContain(`<img class="artwork-preview" src="${api.previewUrl}" width="832" height="1216"`);
      expect(body).toContain(`<p class="prompt" id="prompt-text">${XSS_ESCAPED} a neon fox in the rain</p>`);
      expect(body).toContain('<button class="copy-button" type="button" data-copy-target="prompt-text" hidden>Copy</button>');
      expect(body).toMatch(/<details class="negative-prompt"><summary>Negative prompt<\/summary><p class="prompt">blurry, &lt;b&gt;low quality&lt;\/b&gt;<\/p><\/details>/);
      for (const [label, value] of [
        ['Model', 'Midjourney v6'],
        ['Seed', '1234'],
        ['Steps', '28'],
        ['Sampler', 'DPM++ 2M Karras'],
        ['CFG scale', '6.5'],
        ['Clip skip', '2'],
        ['Dimensions', '832 × 1216'],
      ]) {
        expect(body).toContain(`<tr><th scope="row">${label}</th><td>${value}</td></tr>`);
      }
      // The generator's "Size" says the same as Dimensions: one row, not two.
      expect(body).not.toContain('<th scope="row">Size</th>');
      expect(body).toContain('<a href="https://example.com/u/foxy" rel="noopener nofollow ugc">Fox &lt;Painter&gt;</a> <span class="muted">@foxy</span>');
      expect(body).toMatch(/Othersource · <a class="source-link" href="https:\/\/example\.com\/posts\/\d+" rel="noopener nofollow ugc">View original post<\/a>/);
      expect(body).toContain('<time datetime="2026-01-01T00:00:00.000Z">1 January 2026</time>');
      expect(body).toContain(`<a class="button button-primary" href="/generate?artwork=${ids.xss}">Generate with this prompt</a>`);
      // The price beside it: the cheapest model at this shape (the offline renderer's 1 credit).
      expect(body).toContain('<p class="generate-cost">From <strong>1 credit</strong></p>');
      expect(body).toContain(`<a href="/dmca?artwork=${ids.xss}">Report / request removal</a>`);
    });

    it('has canonical, OpenGraph and Twitter card tags with absolute URLs', async () => {
      const { body } = await page(`/a/${ids.lighthouse1}`);
      const api = (await (await fetch(`${t.baseUrl}/api/artworks/${ids.lighthouse1}`)).json()) as { previewUrl: string };
      expect(body).toContain(`<link rel="canonical" href="${PUBLIC_URL}/a/${ids.lighthouse1}">`);
      expect(meta(body, 'og:title')).toBe('a quiet lighthouse on a cliff at dusk, oil painting');
      expect(meta(body, 'og:description')).toBe('a quiet lighthouse on a cliff at dusk, oil painting');
      expect(meta(body, 'og:url')).toBe(`${PUBLIC_URL}/a/${ids.lighthouse1}`);
      expect(meta(body, 'og:image')).toBe(`${PUBLIC_URL}${api.previewUrl}`);
      expect(meta(body, 'twitter:card')).toBe('summary_large_image');
      expect(meta(body, 'twitter:image')).toBe(`${PUBLIC_URL}${api.previewUrl}`);
      expect(body).toContain('<title>a quiet lighthouse on a cliff at dusk, oil painting — artsift</title>');
    });

    it('lists similar artwork below', async () => {
      const { body } = await page(`/a/${ids.lighthouse1}`);
      const similar = body.slice(body.indexOf('<section class="similar"'));
      expect(similar).toContain('<h2 class="section-title" id="similar-heading">Similar</h2>');
      expect(tileIds(similar)).toEqual(expect.arrayContaining([ids.lighthouse2, ids.lighthouse3]));
      expect(tileIds(similar)).not.toContain(ids.lighthouse1);
    });

    it('answers unknown and malformed ids with a 404 page', async () => {
      for (const path of ['/a/999999999', '/a/abc', '/a/12abc', `/a/${'9'.repeat(30)}`, '/a/%3Cscript%3E']) {
        const { status, headers, body } = await page(path);
        expect(status, path).toBe(404);
        expect(headers.get('content-type')).toMatch(/^text\/html/);
        expect(body).toContain('This artwork isn’t here');
        expect(body).not.toContain('<script>');
      }
      const other = await page('/no/such/page');
      expect(other.status).toBe(404);
      expect(other.body).toContain('Page not found');
    });

    it('redirects a non-canonical id spelling to the canonical URL', async () => {
      const { status, headers } = await page(`/a/000${ids.cat}`);
      expect(status).toBe(301);
      expect(headers.get('location')).toBe(`/a/${ids.cat}`);
    });

    it('explains a removal for legal reasons with 451', async () => {
      const removed = await ingestTestArtwork(t.app, { prompt: 'a removed artwork' });
      await t.app.db.updateTable('artworks').set({ takedown_state: 'removed' }).where('id', '=', removed).execute();
      const { status, body } = await page(`/a/${removed}`);
      expect(status).toBe(451);
      expect(body).toContain('Removed for legal reasons');
      expect(body).toContain('removed after a legal request');
      expect(body).not.toContain('a removed artwork');
    });
  });

  describe('untrusted prompts', () => {
    it('are escaped in the grid, on the artwork page and in meta tags', async () => {
      const search = await page('/?q=fox');
      expect(tileIds(search.body)).toEqual([ids.xss]);
      const artwork = await page(`/a/${ids.xss}`);
      for (const body of [search.body, artwork.body]) {
        expect(body).not.toContain('<script>alert(1)</script>');
        expect(body).toContain(XSS_ESCAPED);
        expect(body).toContain(`alt="${XSS_ESCAPED} a neon fox in the rain"`);
      }
      expect(tileHtml(search.body, ids.xss!)).toContain(`<span class="tile-prompt" aria-hidden="true">${XSS_ESCAPED} a neon <mark>fox</mark> in the rain</span>`);
      expect(artwork.body).toContain(`<meta property="og:title" content="${XSS_ESCAPED} a neon fox in the rain">`);
      expect(artwork.body).toContain(`<meta property="og:description" content="${XSS_ESCAPED} a neon fox in the rain">`);
      expect(artwork.body).toContain(`<meta name="twitter:title" content="${XSS_ESCAPED} a neon fox in the rain">`);
      expect(artwork.body).toContain(`<title>${XSS_ESCAPED} a neon fox in the rain — artsift</title>`);
    });

    it('in the query are escaped too', async () => {
      const { body } = await page('/?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E');
      expect(body).not.toContain('<img src=x');
      expect(body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    });
  });

  describe('security headers and markup', () => {
    it('sends the CSP and contains no inline script, style or event handler', async () => {
      for (const path of ['/', '/?q=lighthouse', `/a/${ids.lighthouse1}`, '/a/999999999', '/?page=abc']) {
        const { headers, body } = await page(path);
        const csp = headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).toContain("style-src 'self'");
        const scripts = body.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts[0], path).toMatch(/^<script type="module" src="\/assets\/app-[A-Z0-9]+\.js">$/);
        // Pages with a grid add the classic script that lays it out before the first paint.
        for (const script of scripts.slice(1)) expect(script, path).toMatch(/^<script src="\/assets\/early-layout-[A-Z0-9]+\.js">$/);
        expect(body, path).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
        expect(body, path).not.toMatch(/<style\b/);
        expect(body, path).not.toMatch(/\sstyle=/);
        expect(body, path).not.toMatch(/\son[a-z]+=/);
      }
    });

    it('serves the bundled script, its chunks and the stylesheet under hashed names, cached for good', async () => {
      const { body } = await page('/');
      const urls = [...body.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
      expect(urls.some((url) => url.endsWith('.css'))).toBe(true);
      expect(urls.some((url) => url.endsWith('.js'))).toBe(true);
      for (const url of urls) {
        const response = await fetch(`${t.baseUrl}${url}`);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
        expect(response.headers.get('content-type'), url).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
        // Minified: no comments or indentation survive.
        expect(await response.text(), url).not.toMatch(/\n {2}|\/\*\*/);
      }
      expect((await fetch(`${t.baseUrl}/assets/app-NOSUCHHASH.js`)).status).toBe(404);
    });
  });
});

describe('renderErrorPage', () => {
  const req = (path: string, query: Record<string, unknown> = {}) => ({ path, query }) as unknown as Request;

  it('shows the request id for server errors, and nothing of the failure itself', () => {
    const body = renderErrorPage(req('/'), 500, {
      error: { code: 'internal', message: 'Something went wrong on our side', requestId: 'req-1234abcd' },
    });
    expect(body).toContain('Something went wrong on our side');
    expect(body).toContain('<code>req-1234abcd</code>');
  });

  it('escapes whatever the request carried', () => {
    const body = renderErrorPage(req('/<b>x</b>', { q: '<i>q</i>' }), 404, { error: { code: 'not_found', message: 'x' } });
    expect(body).toContain('<code>/&lt;b&gt;x&lt;/b&gt;</code>');
    expect(body).toContain('value="&lt;i&gt;q&lt;/i&gt;"');
  });
});

/** Artwork ids of the tiles in a page, in order. */
function tileIds(body: string): string[] {
  return [...body.matchAll(/<article class="tile" data-id="(\d+)"/g)].map((match) => match[1]!);
}

function tileHtml(body: string, id: string): string {
  const start = body.indexOf(`<article class="tile" data-id="${id}"`);
  expect(start, `tile ${id}`).toBeGreaterThanOrEqual(0);
  return body.slice(start, body.indexOf('</article>', start) + 10);
}

function chip(body: string, facet: string, value: string) {
  const match = new RegExp(
    `<a class="chip" href="([^"]*)" data-facet="${facet}" data-value="${escapeRegExp(value)}"( aria-current="true")?>[^<]*(?:<span class="chip-count">([^<]*)</span>)?</a>`,
  ).exec(body);
  if (!match) throw new Error(`no ${facet} chip for ${value}`);
  return { href: match[1], selected: Boolean(match[2]), count: match[3] };
}

function meta(body: string, name: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${escapeRegExp(name)}" content="([^"]*)">`).exec(body)?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
