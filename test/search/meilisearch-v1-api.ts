import { z } from 'zod';

/**
 * Request bodies the Meilisearch API accepts, as documented for the server pinned in
 * docker-compose.yml (v1.48). Meilisearch refuses unknown fields (400 `bad_request`), so the
 * schemas are strict: a client upgrade that adds, renames or drops a field fails here.
 */
export const PINNED_SERVER_VERSION = '1.48.3';

const BUILT_IN_RANKING_RULES = ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'attributeRank', 'wordPosition'];
const rankingRule = z
  .string()
  .refine((rule) => BUILT_IN_RANKING_RULES.includes(rule) || /^[^:\s]+:(asc|desc)$/.test(rule), 'unknown ranking rule');
const facetOrder = z.enum(['alpha', 'count']);
const stringList = z.array(z.string());

export const settingsBody = z
  .object({
    displayedAttributes: stringList.nullable(),
    searchableAttributes: stringList.nullable(),
    filterableAttributes: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).nullable(),
    sortableAttributes: stringList.nullable(),
    rankingRules: z.array(rankingRule).nullable(),
    stopWords: stringList.nullable(),
    nonSeparatorTokens: stringList.nullable(),
    separatorTokens: stringList.nullable(),
    dictionary: stringList.nullable(),
    synonyms: z.record(z.string(), stringList).nullable(),
    distinctAttribute: z.string().nullable(),
    proximityPrecision: z.enum(['byWord', 'byAttribute']).nullable(),
    typoTolerance: z
      .object({
        enabled: z.boolean().nullable(),
        minWordSizeForTypos: z.object({ oneTypo: z.number().int().nullable(), twoTypos: z.number().int().nullable() }).strict().partial(),
        disableOnWords: stringList.nullable(),
        disableOnAttributes: stringList.nullable(),
        disableOnNumbers: z.boolean().nullable(),
      })
      .strict()
      .partial()
      .nullable(),
    faceting: z
      .object({ maxValuesPerFacet: z.number().int().nonnegative().nullable(), sortFacetValuesBy: z.record(z.string(), facetOrder).nullable() })
      .strict()
      .partial()
      .nullable(),
    pagination: z.object({ maxTotalHits: z.number().int().positive().nullable() }).strict().partial().nullable(),
    embedders: z.record(z.string(), z.unknown()).nullable(),
    searchCutoffMs: z.number().int().nullable(),
    localizedAttributes: z.array(z.unknown()).nullable(),
    facetSearch: z.boolean().nullable(),
    prefixSearch: z.enum(['indexingTime', 'disabled']).nullable(),
  })
  .strict()
  .partial();

export const searchBody = z
  .object({
    q: z.string().nullable(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    hitsPerPage: z.number().int().nonnegative(),
    attributesToRetrieve: stringList,
    retrieveVectors: z.boolean(),
    attributesToCrop: stringList,
    cropLength: z.number().int().nonnegative(),
    cropMarker: z.string(),
    attributesToHighlight: stringList,
    highlightPreTag: z.string(),
    highlightPostTag: z.string(),
    showMatchesPosition: z.boolean(),
    showRankingScore: z.boolean(),
    showRankingScoreDetails: z.boolean(),
    filter: z.union([z.string(), z.array(z.union([z.string(), stringList]))]).nullable(),
    sort: stringList.nullable(),
    distinct: z.string().nullable(),
    facets: stringList.nullable(),
    matchingStrategy: z.enum(['last', 'all', 'frequency']),
    attributesToSearchOn: stringList.nullable(),
    rankingScoreThreshold: z.number().min(0).max(1).nullable(),
    locales: stringList.nullable(),
    hybrid: z.object({ embedder: z.string(), semanticRatio: z.number() }).strict().partial().nullable(),
    vector: z.array(z.number()).nullable(),
  })
  .strict()
  .partial();

/** `rename` exists from v1.18; before, the field was refused. */
export const swapIndexesBody = z.array(z.object({ indexes: z.tuple([z.string(), z.string()]), rename: z.boolean().optional() }).strict());

const indexUid = z.string().regex(/^[a-zA-Z0-9_-]{1,400}$/);
export const createIndexBody = z.object({ uid: indexUid, primaryKey: z.string().nullable().optional() }).strict();

export const KEY_ACTIONS = [
  '*', 'search', 'documents.*', 'documents.add', 'documents.get', 'documents.delete',
  'indexes.*', 'indexes.create', 'indexes.get', 'indexes.update', 'indexes.delete', 'indexes.swap',
  'tasks.*', 'tasks.cancel', 'tasks.delete', 'tasks.get', 'settings.*', 'settings.get', 'settings.update',
  'stats.*', 'stats.get', 'metrics.*', 'metrics.get', 'dumps.*', 'dumps.create', 'snapshots.*', 'snapshots.create',
  'version', 'keys.create', 'keys.get', 'keys.update', 'keys.delete', 'experimental.get', 'experimental.update',
] as const;
export const createKeyBody = z
  .object({
    uid: z.uuid({ version: 'v4' }).optional(),
    name: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    actions: z.array(z.enum(KEY_ACTIONS)).min(1),
    indexes: z.array(z.string()).min(1),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict();

export const addDocumentsBody = z.array(z.record(z.string(), z.unknown()));
export const addDocumentsQuery = z.object({ primaryKey: z.string(), csvDelimiter: z.string(), customMetadata: z.string(), skipCreation: z.enum(['true', 'false']) }).strict().partial();
export const deleteBatchBody = z.array(z.union([z.string(), z.number()]));
export const deleteByFilterBody = z.object({ filter: z.union([z.string(), z.array(z.union([z.string(), stringList]))]) }).strict();

const TASK_STATUSES = ['enqueued', 'processing', 'succeeded', 'failed', 'canceled'];
const commaList = (allowed?: readonly string[]) =>
  z.string().refine((value) => value === '*' || !allowed || value.split(',').every((part) => allowed.includes(part)), 'unknown value');
export const getTasksQuery = z
  .object({
    uids: commaList(),
    batchUids: commaList(),
    indexUids: commaList(),
    types: commaList([
      'documentAdditionOrUpdate', 'documentEdition', 'documentDeletion', 'settingsUpdate', 'indexCreation', 'indexDeletion',
      'indexUpdate', 'indexSwap', 'taskCancelation', 'taskDeletion', 'dumpCreation', 'snapshotCreation', 'upgradeDatabase',
    ]),
    statuses: commaList(TASK_STATUSES),
    canceledBy: commaList(),
    limit: z.string().regex(/^\d+$/),
    from: z.string().regex(/^\d+$/),
    reverse: z.enum(['true', 'false']),
    beforeEnqueuedAt: z.string(),
    afterEnqueuedAt: z.string(),
    beforeStartedAt: z.string(),
    afterStartedAt: z.string(),
    beforeFinishedAt: z.string(),
    afterFinishedAt: z.string(),
  })
  .strict()
  .partial();
