import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/dashboards/csv.ts';
import type { TimeChart } from '../../src/dashboards/dashboard.ts';
import { renderRankingChart, renderTimeChart } from '../../web/pages/admin-dashboard-charts.ts';

const axisLabels = (svg: string, anchor: 'end' | 'start') =>
  [...(svg.match(new RegExp(`<g class="chart-axis" text-anchor="${anchor}">(.*?)</g>`, 's'))?.[1] ?? '').matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1]);

function chart(overrides: Partial<TimeChart>): TimeChart {
  return { kind: 'time', days: ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'], bars: [], stacked: true, lines: [], lineUnit: 'count', ...overrides };
}

describe('server-drawn charts', () => {
  it('labels the axes in four round steps, whole numbers for small counts', () => {
    expect(axisLabels(renderTimeChart(chart({ bars: [{ label: 'a', values: [0, 3, 1, 0] }] }), { titleId: 't' }).value, 'end')).toEqual(['0', '1', '2', '3', '4']);
    expect(axisLabels(renderTimeChart(chart({ bars: [{ label: 'a', values: [15, 0, 0, 0] }] }), { titleId: 't' }).value, 'end')).toEqual(['0', '5', '10', '15', '20']);
    expect(axisLabels(renderTimeChart(chart({ bars: [{ label: 'a', values: [90, 9, 0, 0] }] }), { titleId: 't' }).value, 'end')).toEqual(['0', '25', '50', '75', '100']);
    const percent = renderTimeChart(chart({ lines: [{ label: 'share', values: [null, 10, null, null] }], lineUnit: 'percent' }), { titleId: 't' }).value;
    expect(axisLabels(percent, 'start')).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('stacks bars to their sum, and breaks a line where a day has no value', () => {
    const svg = renderTimeChart(
      chart({
        bars: [
          { label: 'a', values: [1, 0, 2, 1] },
          { label: 'b', values: [1, 0, 2, 3] },
        ],
        lines: [{ label: 'share', values: [50, null, 50, 75] }],
        lineUnit: 'percent',
      }),
      { titleId: 'searches-title' },
    ).value;
    expect(svg).toContain('role="img" aria-labelledby="searches-title"');
    // Zero-height pieces are left out: 3 days with two pieces each.
    expect(svg.match(/<rect /g)).toHaveLength(6);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    const heights = [...svg.matchAll(/<rect class="series-\d" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/g)].map((match) => Number(match[1]));
    // The top day (1 + 3 = 4) fills the plot: its two pieces stand as 1 : 3.
    expect(heights.at(-1)! / heights.at(-2)!).toBeCloseTo(3, 1);
  });

  it('ranks with escaped, shortened labels and bars in proportion', () => {
    const svg = renderRankingChart({ kind: 'ranking', valueLabel: 'searches', items: [{ label: '<b>koi</b>', value: 10 }, { label: 'x'.repeat(80), value: 5 }] }, { titleId: 't' }).value;
    expect(svg).toContain('&lt;b&gt;koi&lt;/b&gt;');
    expect(svg).toContain(`${'x'.repeat(59)}…`);
    expect([...svg.matchAll(/<rect class="series-0" x="0" y="\d+" width="([\d.]+)%"/g)].map((match) => Number(match[1]))).toEqual([86, 43]);
  });

  it('writes CSV cells quoted where needed and defuses formulas', () => {
    expect(toCsv({ columns: ['query', 'n'], rows: [['a, "b"', 1], ['=1+1', null], ['-x', 2], ['plain', 3]] })).toBe('query,n\r\n"a, ""b""",1\r\n\'=1+1,\r\n\'-x,2\r\nplain,3\r\n');
  });
});
