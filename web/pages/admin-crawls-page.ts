import { describeStopReason } from '../../crawlers/runner/stop-reason.ts';
import type { CrawlRunRow } from '../../crawlers/crawl-tables.ts';
import { html } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderLayout } from './layout.ts';

export interface CrawlSourceStatus {
  name: string;
  configured: boolean;
  type: string | null;
  schedule: string | null;
  enabled: boolean | null;
  runs: CrawlRunRow[];
}

/** The operator's view of crawling: each source, its schedule, its latest runs with counts and errors. */
export function renderAdminCrawlsPage({ viewer, sources, sourcesFile }: { viewer: Viewer; sources: CrawlSourceStatus[]; sourcesFile: string }): string {
  return renderLayout({
    title: 'Crawls — artsift admin',
    page: 'admin',
    viewer,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<div class="admin-page">
  <h1>Crawls</h1>
  <p><a href="/admin">← Admin</a></p>
  ${sources.length === 0 ? html`<p>No crawl sources: none in <code>${sourcesFile}</code> and no past runs.</p>` : ''}
  ${sources.map(
    (source) => html`<section class="account-section" aria-labelledby="source-${source.name}">
    <h2 id="source-${source.name}">${source.name}
      <span class="muted">${source.configured ? `${source.type ?? ''} · ${source.schedule ? `schedule "${source.schedule}"` : 'no schedule'}${source.enabled === false ? ' · disabled' : ''}` : 'not in the sources file'}</span></h2>
    ${source.runs.length === 0
      ? html`<p class="muted">Never run.</p>`
      : html`<div class="table-scroll"><table class="admin-table">
      <thead><tr><th scope="col">run</th><th scope="col">started</th><th scope="col">status</th><th scope="col">stopped</th><th scope="col">shown</th><th scope="col">trigger</th><th scope="col">fetched</th><th scope="col">new</th><th scope="col">updated</th><th scope="col">unchanged</th><th scope="col">duplicate</th><th scope="col">failed</th><th scope="col">blocked by takedown</th><th scope="col">last errors</th></tr></thead>
      <tbody>${source.runs.map(
        (run) => html`<tr>
        <td>#${run.id}</td><td>${run.started_at.toISOString().replace('T', ' ').slice(0, 19)}</td><td>${run.status}</td>
        <td>${run.stop_reason ? describeStopReason(run.stop_reason) : ''}</td><td>${run.items_shown ?? ''}</td><td>${run.trigger}</td>
        <td>${run.items_fetched}</td><td>${run.items_new}</td><td>${run.items_updated}</td><td>${run.items_unchanged}</td>
        <td>${run.items_duplicate}</td><td>${run.items_failed}</td><td>${run.items_blocked}</td>
        <td>${run.errors.slice(-3).map((error) => html`<div>${error.item ?? error.url ?? 'run'}: ${error.message}</div>`)}</td>
      </tr>`,
      )}</tbody>
    </table></div>`}
  </section>`,
  )}
</div>`,
  });
}
