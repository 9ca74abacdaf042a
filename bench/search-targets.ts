/**
 * The targets of issue #10 (result cache off, real prompts, 2 cores), in the column for the
 * number of artworks loaded: up to 100,000, or 1,000,000 past that.
 */
export interface SearchMeasurements {
  mixP95Ms: number;
  throughputRatio: number;
  pastedP95Ms: number;
  recallPercent: number;
  reindexSeconds: number;
  peakRssMb: number;
}

export interface TargetRow {
  target: string;
  goal: string;
  measured: string;
  met: 'met' | 'NOT met' | 'n/a';
}

const LARGE_FROM = 100_000;

export function searchTargets(artworks: number, m: SearchMeasurements): { column: string; rows: TargetRow[] } {
  const large = artworks > LARGE_FROM;
  const atMost = (goal: number, value: number, unit: string, digits = 1): Omit<TargetRow, 'target'> => ({
    goal: `≤ ${goal} ${unit}`,
    measured: `${value.toFixed(digits)} ${unit}`,
    met: value <= goal ? 'met' : 'NOT met',
  });
  const atLeast = (goal: number, value: number, unit: string, digits: number): Omit<TargetRow, 'target'> => ({
    goal: `≥ ${goal}${unit}`,
    measured: `${value.toFixed(digits)}${unit}`,
    met: value >= goal ? 'met' : 'NOT met',
  });
  const rows: TargetRow[] = [
    { target: 'p95, distinct-query mix', ...atMost(large ? 40 : 20, m.mixP95Ms, 'ms') },
    { target: 'throughput vs /healthz', ...atLeast(large ? 0.15 : 0.3, m.throughputRatio, '×', 3) },
    { target: 'pasted whole prompt p95', ...atMost(large ? 80 : 40, m.pastedP95Ms, 'ms') },
    { target: 'known-item recall in first 20', ...atLeast(98, m.recallPercent, '%', 1) },
    { target: 'full reindex (until it answers)', ...atMost(large ? 240 : 25, m.reindexSeconds, 's') },
    large
      ? { target: 'peak RSS of the server', ...atMost(1536, m.peakRssMb, 'MB', 0) }
      : { target: 'peak RSS of the server', goal: '(1M only)', measured: `${m.peakRssMb.toFixed(0)} MB`, met: 'n/a' },
  ];
  return { column: large ? '1,000,000 artworks' : '100,000 artworks', rows };
}
