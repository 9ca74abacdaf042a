import { DASHBOARD_RANGES, type Cell, type Dashboard, type DashboardPanel, type TimeChart } from '../../src/dashboards/dashboard.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderRankingChart, renderTimeChart } from './admin-dashboard-charts.ts';

const PALETTE_SIZE = 8;
const LINE_AXIS: Record<TimeChart['lineUnit'], string> = { percent: 'right axis, %', hours: 'right axis, hours', count: 'right axis' };

const renderCell = (value: Cell) => (value === null ? '—' : value);

function renderLegend(panel: DashboardPanel): SafeHtml {
  if (panel.chart.kind !== 'time') return html``;
  const { bars, lines, lineUnit } = panel.chart;
  return html`<ul class="chart-legend">
    ${bars.map((series, index) => html`<li><span class="swatch series-${index % PALETTE_SIZE}" aria-hidden="true"></span>${series.label}</li>`)}
    ${lines.map((line, index) => html`<li><span class="swatch swatch-line line-${index}" aria-hidden="true"></span>${line.label} <span class="muted">(${LINE_AXIS[lineUnit]})</span></li>`)}
  </ul>`;
}

function renderChart(panel: DashboardPanel, titleId: string): SafeHtml {
  if (panel.chart.kind === 'ranking') {
    return panel.chart.items.length === 0
      ? html`<p class="dashboard-empty">No query reached 5 different visitors on one day in this period.</p>`
      : renderRankingChart(panel.chart, { titleId });
  }
  return renderTimeChart(panel.chart, { titleId });
}

function renderPanel(panel: DashboardPanel, dashboard: Dashboard): SafeHtml {
  const titleId = `dashboard-${panel.id}-title`;
  return html`<section class="dashboard-panel" id="dashboard-${panel.id}" aria-labelledby="${titleId}">
  <h2 id="${titleId}">${panel.title}</h2>
  <p class="muted">${panel.summary}</p>
  <div class="dashboard-panel-body">
    <figure class="dashboard-figure">
      ${renderChart(panel, titleId)}
      <figcaption>${renderLegend(panel)}</figcaption>
    </figure>
    <div class="dashboard-table table-scroll${panel.chart.kind === 'time' ? ' dashboard-days' : ''}" role="region" aria-label="${panel.title}: the numbers" tabindex="0">
      <table class="admin-table">
        <caption class="visually-hidden">${panel.title}, ${dashboard.from} to ${dashboard.to}</caption>
        <thead><tr>${panel.table.columns.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
        <tbody>${panel.table.rows.length === 0 ? html`<tr><td colspan="${panel.table.columns.length}">Nothing in this period.</td></tr>` : panel.table.rows.map((row) => html`<tr>${row.map((cell, index) => (index === 0 ? html`<th scope="row">${renderCell(cell)}</th>` : html`<td>${renderCell(cell)}</td>`))}</tr>`)}</tbody>
      </table>
    </div>
  </div>
  <p class="dashboard-download"><a href="/admin/dashboards/${panel.id}.csv?days=${dashboard.days}" download="${panel.id}-${dashboard.from}-${dashboard.to}.csv">Download CSV</a></p>
</section>`;
}

/** The charts at the top of /admin: a range switch, then each panel with its table and CSV. */
export function renderDashboards(dashboard: Dashboard): SafeHtml {
  return html`<div class="dashboards">
  <nav class="dashboard-ranges" aria-label="Period">
    ${DASHBOARD_RANGES.map((days) =>
      days === dashboard.days ? html`<a href="/admin?days=${days}" aria-current="page">${days} days</a>` : html`<a href="/admin?days=${days}">${days} days</a>`,
    )}
    <span class="muted">${dashboard.from} to ${dashboard.to} (UTC)</span>
  </nav>
  ${dashboard.panels.map((panel) => renderPanel(panel, dashboard))}
</div>`;
}
