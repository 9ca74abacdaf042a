import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/database.ts';
import type { FacetValueCount } from '../facet-counts.ts';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../highlight.ts';
import type { FacetName, SearchDocument, SearchQuery, SearchSort } from '../search-index.ts';
import { MAX_TOTAL_HITS } from '../search-limits.ts';

export interface DocumentSearch {
  /** tsquery text; null browses every document that passes the filters. */
  tsquery: string | null;
  filters: SearchQuery['filters'];
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface FoundDocuments {
  /** Matches counted up to MAX_TOTAL_HITS. */
  total: number;
  facets: FacetValueCount[];
  /** The page, best first; `highlighted` is the prompt with sentinel-marked matches (null when browsing). */
  hits: { document: SearchDocument; highlighted: string | null }[];
}

// HighlightAll returns the whole prompt, not fragments; the sentinels are escaped and turned into <mark> in JS.
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

/**
 * One statement, three steps, following the measurements in /work/shared/notes/search-on-postgres.md:
 * 1. candidates: at most MAX_TOTAL_HITS matches, chosen cheaply: newest first, so PostgreSQL
 *    walks the published_at index (the table is stored in that order) and stops at the cap,
 *    or takes the GIN matches of a rare word;
 * 2. the page: candidates ranked with ts_rank_cd (prompt A > model/tags B > author C), ties
 *    newest first then by id so pages never overlap; ts_headline only for the page's rows;
 * 3. the count and the facet counts, over the candidates only, in one pass.
 */
export async function findDocuments(db: Kysely<Database>, search: DocumentSearch): Promise<FoundDocuments> {
  const tsquery = search.tsquery === null ? null : sql<string>`${search.tsquery}::tsquery`;
  const ranked = tsquery !== null && search.sort === 'relevance';
  const highlighted =
    tsquery === null
      ? sql<string | null>`null::text`
      : sql<string>`ts_headline('simple', b.document->>'prompt', ${tsquery}, ${HEADLINE_OPTIONS})`;

  const row = await db
    .with('candidates', (db) =>
      db
        .selectFrom('search_documents')
        // The vector only when ranking: copying it for 1,000 rows is a good part of a browse's cost.
        .select(['id', 'model', 'source', 'aspect', 'published_at'])
        .select(ranked ? sql<string | null>`search_vector`.as('vector') : sql<string | null>`null::tsvector`.as('vector'))
        .where((eb) => eb.and(filterConditions(eb, search.filters)))
        .$if(tsquery !== null, (qb) => qb.where(sql<boolean>`search_vector @@ ${tsquery}`))
        .orderBy(sql`published_at desc nulls last`)
        .orderBy('id', 'desc')
        .limit(MAX_TOTAL_HITS),
    )
    .with('page', (db) =>
      db
        .selectFrom('candidates')
        .select(['id', 'published_at'])
        .select(ranked ? sql<number>`ts_rank_cd(vector, ${tsquery})`.as('rank') : sql<number>`0::real`.as('rank'))
        .orderBy('rank', 'desc')
        .orderBy(sql`published_at desc nulls last`)
        .orderBy('id', 'desc')
        .offset(search.offset)
        .limit(search.limit),
    )
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('candidates')
          .select([
            // grouping() has a bit set for each column left out of the row's grouping set.
            sql<CountedFacet>`case grouping(model, source, aspect)
              when 3 then 'model' when 5 then 'source' when 6 then 'aspect' else 'total' end`.as('facet'),
            sql<string | null>`coalesce(model, source, aspect)`.as('value'),
            sql<number>`count(*)::int`.as('count'),
          ])
          .groupBy(sql`grouping sets ((model), (source), (aspect), ())`),
      ).as('counts'),
      jsonArrayFrom(
        eb
          .selectFrom('page')
          .innerJoin('search_document_bodies as b', 'b.id', 'page.id')
          .select(['b.document', highlighted.as('highlighted')])
          .orderBy('page.rank', 'desc')
          .orderBy(sql`page.published_at desc nulls last`)
          .orderBy('page.id', 'desc'),
      ).as('hits'),
    ])
    .executeTakeFirstOrThrow();

  const facets: FacetValueCount[] = [];
  let total = 0;
  for (const { facet, value, count } of row.counts) {
    if (facet === 'total') total = count;
    else if (value !== null) facets.push({ facet, value, count });
  }
  return { total, facets, hits: row.hits };
}

type CountedFacet = FacetName | 'total';

/** OR within a facet, AND across facets; NSFW only when asked for. */
function filterConditions(
  eb: ExpressionBuilder<Database, 'search_documents'>,
  filters: SearchQuery['filters'],
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const anyOf = (column: 'model' | 'source' | 'aspect', values: readonly string[] | undefined) => {
    if (!values?.length) return;
    // PostgreSQL rejects NUL in text parameters; such a value cannot match a stored one anyway.
    const storable = values.filter((value) => !value.includes('\u0000'));
    conditions.push(storable.length > 0 ? eb(column, 'in', storable) : sql<SqlBool>`false`);
  };
  anyOf('model', filters.model);
  anyOf('source', filters.source);
  anyOf('aspect', filters.aspect);
  if (!filters.includeNsfw) conditions.push(eb('nsfw', '=', false));
  return conditions;
}
