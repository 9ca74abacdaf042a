import type { RankingChart, TimeChart } from '../../src/dashboards/dashboard.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * Charts drawn as inline SVG on the server: no script, no third party. Sizes are in viewBox
 * units and the SVG scales to its box (dashboards.css), so one drawing serves phone and desktop.
 * Colours come from CSS classes (series-0…7, series-line), following the light or dark theme.
 */

// About as wide as the chart's column on a desktop, so type is drawn near its own size there.
const WIDTH = 480;
const HEIGHT = 260;
const MARGIN = { top: 14, right: 58, bottom: 30, left: 50 };
const PALETTE_SIZE = 8;

/**
 * The top of an axis of four equal steps at or above `value`, each step 1, 2 or 5 times a power
 * of ten (or 2.5 times from tens up; at least 1), so ticks are round and counts get whole numbers.
 */
function axisMaximum(value: number): number {
  const wanted = Math.max(1, value / 4);
  const power = 10 ** Math.floor(Math.log10(wanted));
  // 2.5 only from tens up: a step of 25 reads well, one of 2.5 does not for counts.
  const factors = power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  const step = factors.find((factor) => factor * power >= wanted)!;
  return 4 * step * power;
}

const coordinate = (value: number) => Number(value.toFixed(1));
const formatTick = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const shortDay = (day: string) => day.slice(5);
const UNIT_SUFFIX: Record<TimeChart['lineUnit'], string> = { percent: '%', hours: ' h', count: '' };

export function renderTimeChart(chart: TimeChart, { titleId }: { titleId: string }): SafeHtml {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slots = chart.days.length;
  const slotWidth = plotWidth / Math.max(1, slots);

  const barTotals = chart.days.map((_, index) =>
    chart.stacked ? chart.bars.reduce((sum, series) => sum + series.values[index]!, 0) : Math.max(0, ...chart.bars.map((series) => series.values[index]!)),
  );
  const barMax = axisMaximum(Math.max(0, ...barTotals));
  const lineValues = chart.lines.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const lineMax = chart.lineUnit === 'percent' ? 100 : axisMaximum(Math.max(0, ...lineValues));
  const barY = (value: number) => MARGIN.top + plotHeight - (value / barMax) * plotHeight;
  const lineY = (value: number) => MARGIN.top + plotHeight - (value / lineMax) * plotHeight;
  const ticks = [0, 0.25, 0.5, 0.75, 1];

  const bars = chart.days.map((_, dayIndex) => {
    const slotX = MARGIN.left + dayIndex * slotWidth;
    const innerWidth = Math.max(1, slotWidth * 0.8);
    if (chart.stacked) {
      let base = 0;
      return chart.bars.map((series, seriesIndex) => {
        const value = series.values[dayIndex]!;
        if (value === 0) return '';
        const top = barY(base + value);
        const bottom = barY(base);
        base += value;
        return html`<rect class="series-${seriesIndex % PALETTE_SIZE}" x="${coordinate(slotX + slotWidth * 0.1)}" y="${coordinate(top)}" width="${coordinate(innerWidth)}" height="${coordinate(bottom - top)}"></rect>`;
      });
    }
    const groupWidth = innerWidth / Math.max(1, chart.bars.length);
    return chart.bars.map((series, seriesIndex) => {
      const value = series.values[dayIndex]!;
      if (value === 0) return '';
      const top = barY(value);
      return html`<rect class="series-${seriesIndex % PALETTE_SIZE}" x="${coordinate(slotX + slotWidth * 0.1 + seriesIndex * groupWidth)}" y="${coordinate(top)}" width="${coordinate(Math.max(0.5, groupWidth))}" height="${coordinate(MARGIN.top + plotHeight - top)}"></rect>`;
    });
  });

  // A line breaks where a day has no value (no searches: no share to draw).
  const lines = chart.lines.map((line, lineIndex) => {
    const segments: string[][] = [[]];
    line.values.forEach((value, dayIndex) => {
      if (value === null) segments.push([]);
      else segments.at(-1)!.push(`${coordinate(MARGIN.left + (dayIndex + 0.5) * slotWidth)},${coordinate(lineY(value))}`);
    });
    return segments
      .filter((points) => points.length > 0)
      .map((points) =>
        points.length === 1
          ? html`<circle class="series-line line-${lineIndex}" cx="${points[0]!.split(',')[0]!}" cy="${points[0]!.split(',')[1]!}" r="2.5"></circle>`
          : html`<polyline class="series-line line-${lineIndex}" points="${points.join(' ')}"></polyline>`,
      );
  });

  const labelDays = slots <= 1 ? [0] : [0, Math.floor((slots - 1) / 2), slots - 1];
  return html`<svg class="dashboard-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" focusable="false">
  <g class="chart-grid">${ticks.map((tick) => html`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${coordinate(barY(tick * barMax))}" y2="${coordinate(barY(tick * barMax))}"></line>`)}</g>
  <g class="chart-axis" text-anchor="end">${ticks.map((tick) => html`<text x="${MARGIN.left - 6}" y="${coordinate(barY(tick * barMax) + 4)}">${formatTick(tick * barMax)}</text>`)}</g>
  ${chart.lines.length > 0 ? html`<g class="chart-axis" text-anchor="start">${ticks.map((tick) => html`<text x="${WIDTH - MARGIN.right + 6}" y="${coordinate(lineY(tick * lineMax) + 4)}">${formatTick(tick * lineMax)}${UNIT_SUFFIX[chart.lineUnit]}</text>`)}</g>` : ''}
  <g class="chart-axis" text-anchor="middle">${labelDays.map((index) => html`<text x="${coordinate(MARGIN.left + (index + 0.5) * slotWidth)}" y="${HEIGHT - 8}">${shortDay(chart.days[index] ?? '')}</text>`)}</g>
  <g class="chart-bars">${bars}</g>
  <g class="chart-lines">${lines}</g>
</svg>`;
}

/** Rows in CSS pixels: a ranking keeps its type size at any width, the bars stretch in percent. */
const RANK_ROW = 34;
const RANK_LABEL_CHARS = 60;
/** The longest bar's share of the width, leaving room for its number. */
const RANK_BAR_SHARE = 86;

export function renderRankingChart(chart: RankingChart, { titleId }: { titleId: string }): SafeHtml {
  const height = chart.items.length * RANK_ROW + 4;
  const max = Math.max(1, ...chart.items.map((item) => item.value));
  return html`<svg class="dashboard-chart dashboard-ranking" width="100%" height="${height}" role="img" aria-labelledby="${titleId}" focusable="false">
  ${chart.items.map((item, index) => {
    const y = index * RANK_ROW;
    const label = item.label.length > RANK_LABEL_CHARS ? `${item.label.slice(0, RANK_LABEL_CHARS - 1)}…` : item.label;
    const share = Math.max(0.5, (item.value / max) * RANK_BAR_SHARE);
    return html`<g>
    <text class="chart-label" x="0" y="${y + 14}">${label}</text>
    <rect class="series-0" x="0" y="${y + 19}" width="${coordinate(share)}%" height="10"></rect>
    <text class="chart-value" x="${coordinate(share + 1.5)}%" y="${y + 28}">${item.value}</text>
  </g>`;
  })}
</svg>`;
}
