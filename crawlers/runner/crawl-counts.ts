/** What happened to the items of one run. fetched = the sum of all the others. */
export interface CrawlCounts {
  fetched: number;
  new: number;
  updated: number;
  /** Already stored from this source with the same image: not downloaded again. */
  unchanged: number;
  /** Stored and folded into the same work from another source (same bytes or near-identical image). */
  duplicate: number;
  failed: number;
  /** Matches a taken-down work: never downloaded, stored or indexed. */
  blocked: number;
}

export type ItemOutcome = Exclude<keyof CrawlCounts, 'fetched'>;

export const emptyCounts = (): CrawlCounts => ({
  fetched: 0,
  new: 0,
  updated: 0,
  unchanged: 0,
  duplicate: 0,
  failed: 0,
  blocked: 0,
});

/** The one-line summary the CLI prints and the logs carry. */
export function formatCounts(counts: CrawlCounts): string {
  return [
    `fetched ${counts.fetched}`,
    `new ${counts.new}`,
    `updated ${counts.updated}`,
    `unchanged ${counts.unchanged}`,
    `duplicate ${counts.duplicate}`,
    `failed ${counts.failed}`,
    `blocked by takedown ${counts.blocked}`,
  ].join(', ');
}
