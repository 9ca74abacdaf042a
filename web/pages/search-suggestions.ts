import { z } from 'zod';
import { ASPECTS } from '../../src/artworks/aspect.ts';
import type { SearchParams } from '../../src/search/search-params.ts';
import { html, type SafeHtml } from '../html.ts';
import { searchHref, withChanges } from './search-links.ts';
import { formatCount, summary } from './text.ts';

/**
 * What the engine proposes when a page has no hits (GET /api/search `suggestions`). Read
 * defensively: a response without the field, or with entries this page does not understand,
 * simply shows no suggestions.
 */
const suggestionSchema = z.object({
  kind: z.enum(['spelling', 'fewer-words', 'without-filters']),
  q: z.string(),
  filters: z.object({
    model: z.array(z.string()).catch([]),
    source: z.array(z.string()).catch([]),
    aspect: z.array(z.enum(ASPECTS)).catch([]),
  }),
  estimatedTotal: z.number().int().nonnegative(),
});
export type SearchSuggestion = z.infer<typeof suggestionSchema>;

export function readSuggestions(result: object): SearchSuggestion[] {
  const raw = 'suggestions' in result && Array.isArray(result.suggestions) ? result.suggestions : [];
  return raw.flatMap((entry: unknown) => {
    const parsed = suggestionSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Long pasted prompts are cut for display only; the link carries the whole query. */
const SHOWN_QUERY_CHARS = 90;

export function shownQuery(q: string): string {
  return summary(q, SHOWN_QUERY_CHARS);
}

function suggestionHref(params: SearchParams, suggestion: SearchSuggestion): string {
  return searchHref(withChanges(params, { q: suggestion.q, ...suggestion.filters }));
}

function suggestionText(params: SearchParams, suggestion: SearchSuggestion): SafeHtml {
  const count = `${formatCount(suggestion.estimatedTotal)} ${suggestion.estimatedTotal === 1 ? 'artwork' : 'artworks'}`;
  const query = suggestion.q.trim() ? html`‘${shownQuery(suggestion.q)}’` : html`everything`;
  switch (suggestion.kind) {
    case 'spelling':
      return html`Did you mean ${query}? <span class="suggestion-count">${count}</span>`;
    case 'fewer-words':
      return html`Fewer words: ${query} <span class="suggestion-count">${count}</span>`;
    case 'without-filters':
      return html`${suggestion.q.trim() === params.q.trim() ? html`The same words` : query} without filters <span class="suggestion-count">${count}</span>`;
  }
}

export function renderSuggestions(params: SearchParams, suggestions: SearchSuggestion[]): SafeHtml {
  if (suggestions.length === 0) return html``;
  return html`<ul class="suggestions" aria-label="Suggestions">${suggestions.map(
    (suggestion) =>
      html`<li><a class="suggestion" href="${suggestionHref(params, suggestion)}" data-kind="${suggestion.kind}">${suggestionText(params, suggestion)}</a></li>`,
  )}</ul>`;
}
