/** What the admin dashboards show: each panel is a chart and the table of its numbers. */

export type Cell = string | number | null;

export interface DataTable {
  columns: string[];
  rows: Cell[][];
}

export interface Series {
  label: string;
  values: number[];
}

/** One slot per day: bars (stacked or side by side) on the left axis, lines on a right axis of their own unit. */
export interface TimeChart {
  kind: 'time';
  days: string[];
  bars: Series[];
  stacked: boolean;
  lines: { label: string; values: (number | null)[] }[];
  lineUnit: 'percent' | 'hours' | 'count';
}

/** Horizontal bars, largest first. */
export interface RankingChart {
  kind: 'ranking';
  valueLabel: string;
  items: { label: string; value: number }[];
}

export interface DashboardPanel {
  /** Stable, URL-safe: the CSV is /admin/dashboards/<id>.csv. */
  id: string;
  title: string;
  summary: string;
  chart: TimeChart | RankingChart;
  table: DataTable;
}

export interface Dashboard {
  from: string;
  to: string;
  days: number;
  panels: DashboardPanel[];
}

export const DASHBOARD_RANGES = [7, 30, 90, 365] as const;
