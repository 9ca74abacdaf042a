import { Router } from 'express';
import type { Db } from '../../../db/connect.ts';
import { listArtworksForSitemap, maxArtworkId } from '../../../artworks/artwork.repository.ts';
import { escapeHtml } from '../../../../web/html.ts';
import { renderCrawlerPage } from '../../../../web/pages/crawler-page.ts';

/** Each sitemap file covers one fixed id range, so files stay stable and under the 50,000-URL limit. */
const IDS_PER_SITEMAP = 50_000;

export function createSeoRouter({ db, publicUrl, crawlerUserAgent }: { db: Db; publicUrl: string; crawlerUserAgent: string }): Router {
  const router = Router();

  router.get('/crawler', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('html').send(renderCrawlerPage({ userAgent: crawlerUserAgent }));
  });

  router.get('/robots.txt', (_req, res) => {
    res.type('text/plain').send(
      ['User-agent: *', 'Disallow: /api/', 'Disallow: /admin', 'Disallow: /account', '', `Sitemap: ${publicUrl}/sitemap.xml`, ''].join('\n'),
    );
  });

  router.get('/sitemap.xml', async (_req, res) => {
    const chunks = Math.floor(Number(await maxArtworkId(db)) / IDS_PER_SITEMAP) + 1;
    const entries = Array.from({ length: chunks }, (_, n) => `<sitemap><loc>${escapeHtml(`${publicUrl}/sitemap-${n}.xml`)}</loc></sitemap>`);
    res
      .type('application/xml')
      .setHeader('Cache-Control', 'public, max-age=600')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries.join('')}</sitemapindex>\n`);
  });

  router.get('/sitemap-:chunk.xml', async (req, res) => {
    const chunk = Number(req.params.chunk);
    if (!/^\d{1,6}$/.test(req.params.chunk)) {
      res.status(404).type('text/plain').send('No such sitemap');
      return;
    }
    const rows = await listArtworksForSitemap(db, chunk * IDS_PER_SITEMAP, (chunk + 1) * IDS_PER_SITEMAP);
    const urls = rows.map(
      (row) => `<url><loc>${escapeHtml(`${publicUrl}/a/${row.id}`)}</loc><lastmod>${row.updated_at.toISOString()}</lastmod></url>`,
    );
    if (chunk === 0) urls.unshift(`<url><loc>${escapeHtml(`${publicUrl}/`)}</loc></url>`);
    res
      .type('application/xml')
      .setHeader('Cache-Control', 'public, max-age=600')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>\n`);
  });
  return router;
}
