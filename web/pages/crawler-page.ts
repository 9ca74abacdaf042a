import { html } from '../html.ts';
import { renderLayout } from './layout.ts';

/** /crawler: the contact page named in the crawler's User-Agent, for site owners who see it. */
export function renderCrawlerPage({ userAgent }: { userAgent: string }): string {
  return renderLayout({
    title: 'About our crawler — artsift',
    page: 'crawler',
    main: html`<section class="auth-card">
  <h1 class="auth-title">About ${userAgent.split('/')[0]}</h1>
  <p>artsift indexes public AI-generated artwork so people can find prompts and the posts they came from.
    Our crawler identifies itself as <code>${userAgent}</code>.</p>
  <ul>
    <li>It honours <code>robots.txt</code> (including <code>Crawl-delay</code>) for the token above, and stops on errors it is told to respect.</li>
    <li>It fetches slowly: a few requests at a time per host, spaced out, backing off on <code>429</code> and <code>5xx</code> and honouring <code>Retry-After</code>.</li>
    <li>It keeps a thumbnail and a preview of each image and always links to the original post; originals are never re-hosted.</li>
  </ul>
  <p>To keep your site out, disallow our token in <code>robots.txt</code>. To have your own work removed and kept out,
    claim your profile on <a href="/creator">the creator page</a> or send a notice through <a href="/dmca">/dmca</a>.</p>
</section>`,
  });
}
