import { describe, expect, it } from 'vitest';
import { searchParamsSchema } from '../../src/search/search-params.ts';
import type { SearchResponse } from '../../src/search/search.service.ts';
import { renderSearchPage } from '../../web/pages/search-page.ts';

const EMPTY: SearchResponse = {
  hits: [],
  estimatedTotal: 0,
  page: 1,
  limit: 24,
  facets: { model: {}, source: {}, aspect: {} },
  correctedQuery: null,
  tookMs: 1,
  suggestions: [],
};

function render(query: Record<string, string | string[]>, extra: Record<string, unknown>): string {
  const params = searchParamsSchema.parse(query);
  return renderSearchPage({ params, result: { ...EMPTY, ...extra } as SearchResponse, publicUrl: 'https://artsift.example' });
}

describe('the search page with no hits', () => {
  it('links each engine suggestion, escaped, with its count, and skips entries it cannot read', () => {
    const body = render(
      { q: 'lighthouze <b>cliff</b>', model: 'SDXL 1.0' },
      {
        suggestions: [
          { kind: 'spelling', q: 'lighthouse <b>cliff</b>', filters: { model: ['SDXL 1.0'], source: [], aspect: [] }, estimatedTotal: 12 },
          { kind: 'without-filters', q: 'lighthouze <b>cliff</b>', filters: { model: [], source: [], aspect: [] }, estimatedTotal: 1 },
          { kind: 'teleport', q: 'x', filters: { model: [], source: [], aspect: [] }, estimatedTotal: 3 },
          { kind: 'fewer-words', q: 'cliff' },
        ],
      },
    );
    expect(body).toContain(
      '<a class="suggestion" href="/?q=lighthouse+%3Cb%3Ecliff%3C%2Fb%3E&amp;model=SDXL+1.0" data-kind="spelling">Did you mean ‘lighthouse &lt;b&gt;cliff&lt;/b&gt;’? <span class="suggestion-count">12 artworks</span></a>',
    );
    expect(body).toContain(
      '<a class="suggestion" href="/?q=lighthouze+%3Cb%3Ecliff%3C%2Fb%3E" data-kind="without-filters">The same words without filters <span class="suggestion-count">1 artwork</span></a>',
    );
    expect(body.match(/class="suggestion"/g)).toHaveLength(2);
    expect(body).not.toContain('<b>cliff');
    // The filters stay on screen, with the ways back.
    expect(body).toContain('data-facet="model" data-value="SDXL 1.0" aria-current="true"');
    expect(body).toContain('<a href="/?model=SDXL+1.0" data-way-back="clear-search">Clear the search, keep the filters</a>');
    expect(body).toContain('<a href="/" data-way-back="everything">Clear the search and show everything</a>');
  });

  it('works the same without the suggestions field, and shortens a pasted prompt for display only', () => {
    const pasted = `${'masterpiece, best quality, '.repeat(20)}a lighthouse`;
    const body = render({ q: pasted.slice(0, 200) }, {});
    expect(body).not.toContain('class="suggestions"');
    const title = /<p class="empty-title">([^<]*)<\/p>/.exec(body)![1]!;
    expect(title.length).toBeLessThan(120);
    expect(title).toMatch(/^No artwork matches ‘masterpiece, best quality, .*…’\.$/);
    expect(body).toContain('<a href="/" data-way-back="everything">Clear the search and show everything</a>');
  });
});
