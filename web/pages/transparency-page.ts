import type { TakedownAgent } from '../../src/takedowns/compose-takedowns.ts';
import type { TransparencyReport } from '../../src/takedowns/transparency-report.ts';
import { sourceLabel } from '../shared/source-label.ts';
import { html } from '../html.ts';
import { renderLayout } from './layout.ts';

/** /transparency: what was asked of us and what we did, month by month. */
export function renderTransparencyPage({ report, agent }: { report: TransparencyReport; agent: TakedownAgent }): string {
  return renderLayout({
    title: 'Transparency report — artsift',
    page: 'transparency',
    main: html`<section class="auth-card takedown-card">
  <h1 class="auth-title">Transparency report</h1>
  <p>Copyright notices we received (once confirmed by the sender) and what became of them, and posts removed because they were deleted at their source. Notices go to ${agent.name}; see <a href="/dmca">/dmca</a>.</p>
  ${
    report.months.length === 0
      ? html`<p>No notices yet.</p>`
      : html`<table class="transparency-table">
    <thead><tr><th scope="col">Month</th><th scope="col">Notices received</th><th scope="col">Items removed</th><th scope="col">Notices rejected</th><th scope="col">Counter-notices</th><th scope="col">Items restored</th><th scope="col">Removed at source</th></tr></thead>
    <tbody>${report.months.map(
      (month) => html`<tr data-month="${month.month}"><th scope="row">${month.month}</th><td data-count="noticesReceived">${month.noticesReceived}</td><td data-count="itemsRemoved">${month.itemsRemoved}</td><td data-count="noticesRejected">${month.noticesRejected}</td><td data-count="counterNotices">${month.counterNotices}</td><td data-count="itemsRestored">${month.itemsRestored}</td><td data-count="removedAtSource">${month.removedAtSource}</td></tr>`,
    )}</tbody>
  </table>`
  }
  ${
    report.strikesPerSource.length > 0
      ? html`<h2>Removed items per source</h2><ul>${report.strikesPerSource.map((row) => html`<li>${sourceLabel(row.source)}: ${row.strikes}</li>`)}</ul>`
      : ''
  }
</section>`,
  });
}
