import { Counter, Histogram, type Registry } from 'prom-client';
import type { SearchService } from '../search/search.service.ts';
import { searchQueryKind } from './search-query-kind.ts';

/**
 * The search service, measured: latency and result counts by engine and query kind (never the
 * query itself), and searches that found nothing. Same interface, so nothing else changes.
 */
export function measureSearch(search: SearchService, { registry, engine }: { registry: Registry; engine: string }): SearchService {
  const labelNames = ['engine', 'kind'] as const;
  const duration = new Histogram({
    name: 'artsift_search_duration_seconds',
    help: 'Search latency by engine and query kind (browse, words, syntax, pasted_prompt)',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const results = new Histogram({
    name: 'artsift_search_results',
    help: 'Estimated matches per search (engines stop counting at 1000)',
    labelNames,
    buckets: [0, 1, 5, 20, 100, 500, 1000],
    registers: [registry],
  });
  const zeroResults = new Counter({
    name: 'artsift_search_zero_results_total',
    help: 'Searches that found nothing',
    labelNames,
    registers: [registry],
  });
  return {
    async search(params) {
      const labels = { engine, kind: searchQueryKind(params.q) };
      const end = duration.startTimer(labels);
      const response = await search.search(params);
      end();
      results.observe(labels, response.estimatedTotal);
      if (response.estimatedTotal === 0) zeroResults.inc(labels);
      return response;
    },
  };
}
