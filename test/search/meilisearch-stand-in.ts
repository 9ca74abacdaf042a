import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import {
  addDocumentsBody,
  addDocumentsQuery,
  createIndexBody,
  createKeyBody,
  deleteBatchBody,
  deleteByFilterBody,
  getTasksQuery,
  PINNED_SERVER_VERSION,
  searchBody,
  settingsBody,
  swapIndexesBody,
} from './meilisearch-v1-api.ts';

/**
 * A Meilisearch stand-in on 127.0.0.1 for tests without a server: it records every request,
 * refuses bodies the pinned version's documented API refuses (meilisearch-v1-api.ts), and
 * answers with the documented response shapes. Index lifecycle, tasks, keys and their rights
 * behave as documented; search does not rank (it returns the index's documents in order).
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
}

type Json = Record<string, unknown>;
interface StoredIndex {
  createdAt: string;
  settings: Json;
  documents: Map<string, Json>;
}
interface StoredTask {
  uid: number;
  indexUid: string | null;
  type: string;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  error: { message: string; code: string; type: string; link: string } | null;
  enqueuedAt: string;
  finishedAt: string | null;
  apply: () => void;
  held: boolean;
}
interface StoredKey {
  uid: string;
  key: string;
  name: string | null;
  description: string | null;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
}

export interface MeilisearchStandIn {
  url: string;
  requests: RecordedRequest[];
  /** Runs after each request is handled, before it is answered: tests act as another process in between. */
  onRequest(hook: ((request: RecordedRequest) => void) | undefined): void;
  /** Settings tasks stay `processing` (and later tasks of their index `enqueued`) until released. */
  holdSettingsTasks(hold: boolean): void;
  indexExists(uid: string): boolean;
  documentIds(uid: string): string[];
  settings(uid: string): Json | undefined;
  /** What another process would do: create or delete an index, through the task queue. */
  createIndex(uid: string): void;
  deleteIndex(uid: string): void;
  /** The key Meilisearch derives for a uid (HMAC-SHA256 of the uid with the master key). */
  keyFor(uid: string): string;
  addKey(key: Omit<StoredKey, 'key'>): void;
  revokeKey(uid: string): void;
  close(): Promise<void>;
}

const DEFAULT_SETTINGS: Json = {
  displayedAttributes: ['*'],
  searchableAttributes: ['*'],
  filterableAttributes: [],
  sortableAttributes: [],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords: [],
  nonSeparatorTokens: [],
  separatorTokens: [],
  dictionary: [],
  synonyms: {},
  distinctAttribute: null,
  proximityPrecision: 'byWord',
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnWords: [], disableOnAttributes: [], disableOnNumbers: false },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
  pagination: { maxTotalHits: 1000 },
  searchCutoffMs: null,
};
/** Lists Meilisearch stores as sets and returns sorted. */
const SET_SETTINGS = ['filterableAttributes', 'sortableAttributes', 'stopWords', 'nonSeparatorTokens', 'separatorTokens', 'dictionary'];
const NESTED_SETTINGS = ['typoTolerance', 'faceting', 'pagination'];

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  toJSON() {
    const type = this.status === 401 || this.status === 403 ? 'auth' : 'invalid_request';
    return { message: this.message, code: this.code, type, link: `https://docs.meilisearch.com/errors#${this.code}` };
  }
}

export async function startMeilisearchStandIn(options: { masterKey?: string; version?: string } = {}): Promise<MeilisearchStandIn> {
  const requests: RecordedRequest[] = [];
  const indexes = new Map<string, StoredIndex>();
  const tasks: StoredTask[] = [];
  const keys = new Map<string, StoredKey>();
  let hook: ((request: RecordedRequest) => void) | undefined;
  let holdSettings = false;
  const now = () => new Date().toISOString();
  const keyFor = (uid: string) => createHmac('sha256', options.masterKey ?? '').update(uid).digest('hex');

  function processQueue(): void {
    const blocked = new Set<string | null>();
    for (const task of tasks) {
      if (task.status !== 'enqueued' && task.status !== 'processing') continue;
      if (blocked.has(task.indexUid) || blocked.has(null)) continue;
      if (task.held) {
        task.status = 'processing';
        blocked.add(task.indexUid);
        continue;
      }
      try {
        task.apply();
        task.status = 'succeeded';
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        task.status = 'failed';
        task.error = error.toJSON();
      }
      task.finishedAt = now();
    }
  }

  function enqueue(indexUid: string | null, type: string, apply: () => void): Json {
    const task: StoredTask = {
      uid: tasks.length,
      indexUid,
      type,
      status: 'enqueued',
      error: null,
      enqueuedAt: now(),
      finishedAt: null,
      apply,
      held: holdSettings && type === 'settingsUpdate',
    };
    tasks.push(task);
    processQueue();
    return { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt };
  }

  const taskView = (task: StoredTask) => ({
    uid: task.uid,
    batchUid: task.status === 'enqueued' ? null : task.uid,
    indexUid: task.indexUid,
    status: task.status,
    type: task.type,
    canceledBy: null,
    details: {},
    error: task.error,
    duration: task.finishedAt ? 'PT0.001S' : null,
    enqueuedAt: task.enqueuedAt,
    startedAt: task.status === 'enqueued' ? null : task.enqueuedAt,
    finishedAt: task.finishedAt,
  });

  const mustExist = (uid: string) => {
    const index = indexes.get(uid);
    if (!index) throw new ApiError(404, 'index_not_found', `Index \`${uid}\` not found.`);
    return index;
  };
  const createIndexNow = (uid: string) => {
    if (indexes.has(uid)) throw new ApiError(409, 'index_already_exists', `Index \`${uid}\` already exists.`);
    indexes.set(uid, { createdAt: now(), settings: structuredClone(DEFAULT_SETTINGS), documents: new Map() });
  };
  const deleteIndexNow = (uid: string) => {
    mustExist(uid);
    indexes.delete(uid);
  };

  function authorize(request: RecordedRequest, action: string | undefined, indexUid: string | undefined): StoredKey | 'master' {
    if (options.masterKey === undefined || action === undefined) return 'master';
    if (!request.authorization) throw new ApiError(401, 'missing_authorization_header', 'The Authorization header is missing.');
    const presented = request.authorization.replace(/^Bearer /, '');
    if (presented === options.masterKey) return 'master';
    const key = [...keys.values()].find((candidate) => candidate.key === presented);
    const allowed =
      key !== undefined &&
      (key.actions.includes(action) || key.actions.includes('*') || key.actions.includes(`${action.split('.')[0]}.*`)) &&
      (indexUid === undefined || key.indexes.includes('*') || key.indexes.includes(indexUid));
    if (!allowed) throw new ApiError(403, 'invalid_api_key', 'The provided API key is invalid.');
    return key;
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown): T {
    const result = schema.safeParse(value);
    if (!result.success) throw new ApiError(400, 'bad_request', `Invalid request: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return result.data;
  }

  function applySettings(index: StoredIndex, changes: Json): void {
    for (const [name, value] of Object.entries(changes)) {
      if (NESTED_SETTINGS.includes(name) && value !== null) index.settings[name] = { ...(index.settings[name] as Json), ...(value as Json) };
      else if (SET_SETTINGS.includes(name) && Array.isArray(value)) index.settings[name] = [...new Set(value as string[])].sort();
      else index.settings[name] = value ?? DEFAULT_SETTINGS[name];
    }
  }

  function route(request: RecordedRequest): { status: number; body: unknown } {
    const { method, path, query, body } = request;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const ok = (value: unknown, status = 200) => ({ status, body: value });
    if (method === 'GET' && path === '/health') return ok({ status: 'available' });
    if (method === 'GET' && path === '/version') {
      authorize(request, 'version', undefined);
      return ok({ commitSha: 'stand-in', commitDate: '2026-01-01T00:00:00Z', pkgVersion: options.version ?? PINNED_SERVER_VERSION });
    }
    if (parts[0] === 'keys') {
      authorize(request, `keys.${method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : 'get'}`, undefined);
      if (method === 'POST' && parts.length === 1) {
        const wanted = parse(createKeyBody, body);
        const uid = wanted.uid ?? crypto.randomUUID();
        if (keys.has(uid)) throw new ApiError(409, 'api_key_already_exists', `\`uid\` field value \`${uid}\` is already an existing API key.`);
        const key: StoredKey = { uid, key: keyFor(uid), name: wanted.name ?? null, description: wanted.description ?? null, actions: wanted.actions, indexes: wanted.indexes, expiresAt: wanted.expiresAt };
        keys.set(uid, key);
        return ok({ ...key, createdAt: now(), updatedAt: now() }, 201);
      }
      const key = keys.get(parts[1] ?? '') ?? [...keys.values()].find((candidate) => candidate.key === parts[1]);
      if (!key) throw new ApiError(404, 'api_key_not_found', `API key \`${parts[1]}\` not found.`);
      if (method === 'GET') return ok({ ...key, createdAt: now(), updatedAt: now() });
      if (method === 'DELETE') {
        keys.delete(key.uid);
        return ok(undefined, 204);
      }
    }
    if (parts[0] === 'swap-indexes' && method === 'POST') {
      const swaps = parse(swapIndexesBody, body);
      for (const swap of swaps) for (const uid of swap.indexes) authorize(request, 'indexes.swap', uid);
      return ok(
        enqueue(null, 'indexSwap', () => {
          for (const { indexes: [a, b] } of swaps) {
            const [first, second] = [mustExist(a), mustExist(b)];
            indexes.set(a, second);
            indexes.set(b, first);
          }
        }),
        202,
      );
    }
    if (parts[0] === 'tasks') {
      authorize(request, 'tasks.get', undefined);
      if (parts.length === 2) {
        const task = tasks[Number(parts[1])];
        if (!task) throw new ApiError(404, 'task_not_found', `Task \`${parts[1]}\` not found.`);
        return ok(taskView(task));
      }
      const filters = parse(getTasksQuery, query);
      const list = (value: string | undefined) => (value === undefined || value === '*' ? undefined : value.split(','));
      const [indexUids, types, statuses] = [list(filters.indexUids), list(filters.types), list(filters.statuses)];
      const from = filters.from === undefined ? Infinity : Number(filters.from);
      const limit = filters.limit === undefined ? 20 : Number(filters.limit);
      const matching = tasks
        .filter((task) => task.uid <= from)
        .filter((task) => !indexUids || (task.indexUid !== null && indexUids.includes(task.indexUid)))
        .filter((task) => !types || types.includes(task.type))
        .filter((task) => !statuses || statuses.includes(task.status))
        .reverse();
      const page = matching.slice(0, limit);
      return ok({ results: page.map(taskView), total: matching.length, limit, from: page[0]?.uid ?? null, next: matching[limit]?.uid ?? null });
    }
    if (parts[0] === 'indexes' && parts.length === 1 && method === 'POST') {
      const { uid } = parse(createIndexBody, body);
      authorize(request, 'indexes.create', uid);
      return ok(enqueue(uid, 'indexCreation', () => createIndexNow(uid)), 202);
    }
    if (parts[0] === 'indexes' && parts[1] !== undefined) {
      const uid = parts[1];
      const rest = parts.slice(2).join('/');
      if (rest === '' && method === 'GET') {
        authorize(request, 'indexes.get', uid);
        const index = mustExist(uid);
        return ok({ uid, primaryKey: 'id', createdAt: index.createdAt, updatedAt: index.createdAt });
      }
      if (rest === '' && method === 'DELETE') {
        authorize(request, 'indexes.delete', uid);
        return ok(enqueue(uid, 'indexDeletion', () => deleteIndexNow(uid)), 202);
      }
      if (rest === 'settings' && method === 'GET') {
        authorize(request, 'settings.get', uid);
        return ok(structuredClone(mustExist(uid).settings));
      }
      if (rest === 'settings' && method === 'PATCH') {
        const key = authorize(request, 'settings.update', uid);
        const changes = parse(settingsBody, body) as Json;
        return ok(enqueue(uid, 'settingsUpdate', () => applySettings(implicitIndex(uid, key), changes)), 202);
      }
      if (rest === 'documents' && method === 'POST') {
        const key = authorize(request, 'documents.add', uid);
        parse(addDocumentsQuery, query);
        const documents = parse(addDocumentsBody, body);
        return ok(
          enqueue(uid, 'documentAdditionOrUpdate', () => {
            const index = implicitIndex(uid, key);
            for (const document of documents) index.documents.set(String(document.id), document);
          }),
          202,
        );
      }
      if (rest === 'documents/delete-batch' && method === 'POST') {
        authorize(request, 'documents.delete', uid);
        const ids = parse(deleteBatchBody, body);
        return ok(enqueue(uid, 'documentDeletion', () => ids.forEach((id) => mustExist(uid).documents.delete(String(id)))), 202);
      }
      if (rest === 'documents/delete' && method === 'POST') {
        authorize(request, 'documents.delete', uid);
        parse(deleteByFilterBody, body);
        // The stand-in does not evaluate filters: it only checks the deletion reaches an existing index.
        return ok(enqueue(uid, 'documentDeletion', () => void mustExist(uid)), 202);
      }
      if (rest === 'search' && method === 'POST') {
        authorize(request, 'search', uid);
        const params = parse(searchBody, body);
        const all = [...mustExist(uid).documents.values()];
        const hits = all.slice(params.offset ?? 0, (params.offset ?? 0) + (params.limit ?? 20));
        return ok({
          hits: params.attributesToHighlight ? hits.map((hit) => ({ ...hit, _formatted: { prompt: hit.prompt } })) : hits,
          query: params.q ?? '',
          processingTimeMs: 0,
          limit: params.limit ?? 20,
          offset: params.offset ?? 0,
          estimatedTotalHits: all.length,
          facetDistribution: {},
          facetStats: {},
        });
      }
    }
    throw new ApiError(404, 'not_found', `${method} ${path} is not a route of the stand-in.`);
  }

  /** Documents and settings create a missing index, if the key may create indexes (Meilisearch since v0.25). */
  function implicitIndex(uid: string, key: StoredKey | 'master'): StoredIndex {
    const existing = indexes.get(uid);
    if (existing) return existing;
    const mayCreate = key === 'master' || key.actions.some((action) => ['*', 'indexes.*', 'indexes.create'].includes(action));
    if (!mayCreate) throw new ApiError(404, 'index_not_found', `Index \`${uid}\` not found.`);
    createIndexNow(uid);
    return mustExist(uid);
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      authorization: req.headers.authorization,
    };
    requests.push(request);
    let status: number;
    let body: unknown;
    try {
      ({ status, body } = route(request));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      [status, body] = [error.status, error.toJSON()];
    }
    hook?.(request);
    if (body === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  const server: Server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    onRequest: (next) => (hook = next),
    holdSettingsTasks(hold) {
      holdSettings = hold;
      if (!hold) {
        for (const task of tasks) task.held = false;
        processQueue();
      }
    },
    indexExists: (uid) => indexes.has(uid),
    documentIds: (uid) => [...(indexes.get(uid)?.documents.keys() ?? [])],
    settings: (uid) => indexes.get(uid)?.settings,
    createIndex: (uid) => void enqueue(uid, 'indexCreation', () => createIndexNow(uid)),
    deleteIndex: (uid) => void enqueue(uid, 'indexDeletion', () => deleteIndexNow(uid)),
    keyFor,
    addKey: (key) => void keys.set(key.uid, { ...key, key: keyFor(key.uid) }),
    revokeKey: (uid) => void keys.delete(uid),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
