import type { DeleteFilter, SearchQuery } from '../search-index.ts';

/**
 * Meilisearch filter expressions. Values come from users (facet filters) and crawled data
 * (sources, author handles), so every value is a double-quoted string literal with `\` and `"`
 * escaped the way Meilisearch's filter parser unescapes them.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One condition per active facet (OR within: IN [...]); Meilisearch ANDs the array's entries. */
export function searchFilterExpression(filters: SearchQuery['filters']): string[] {
  const conditions: string[] = [];
  const anyOf = (attribute: string, values: readonly string[] | undefined) => {
    if (values?.length) conditions.push(`${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`);
  };
  anyOf('model', filters.model);
  anyOf('source', filters.source);
  anyOf('aspect', filters.aspect);
  if (!filters.includeNsfw) conditions.push('nsfw = false');
  return conditions;
}

export function deleteFilterExpression(filter: DeleteFilter): string {
  const conditions: string[] = [];
  if (filter.source !== undefined) conditions.push(`source = ${quoteFilterValue(filter.source)}`);
  if (filter.authorHandle !== undefined) conditions.push(`authorHandle = ${quoteFilterValue(filter.authorHandle)}`);
  return conditions.join(' AND ');
}
