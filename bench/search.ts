/**
 * Search benchmark: 100,000 synthetic artworks (no image work) in PostgreSQL, a full reindex
 * into the active engine, then GET /api/search over HTTP with a realistic query mix next to a
 * trivial route on the same server, both driven by autocannon in the same run.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { openApp, type App } from '../src/app.ts';
import { aspectBucket } from '../src/artworks/aspect.ts';
import { loadConfig } from '../src/config.ts';
import type { NewArtworkRow } from '../src/db/database.ts';
import { printTable, writeBenchResult } from './results.ts';
import { createSearchRouter } from '../src/http/search.routes.ts';
import { createSearchIndex } from '../src/search/create-search-index.ts';
import { createSearchService } from '../src/search/search.service.ts';
import { generateSearchDocuments, VOCABULARY } from './search-corpus.ts';

const ARTWORKS = Number(process.env.BENCH_ARTWORKS ?? 100_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = 8;

/**
 * A realistic mix, deterministic: single words across the frequency range (common and rare),
 * two-word phrases, typos, prefixes typed while searching, filters, sorts and deeper pages.
 */
export function buildQueryMix(): string[] {
  const words = VOCABULARY.filter((word) => word.length >= 4);
  const pick = (i: number) => words[(i * 7919) % words.length]!;
  const typo = (word: string) => `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`;
  const mix: string[] = [];
  for (let i = 0; i < 40; i++) mix.push(`q=${pick(i)}`);
  for (let i = 0; i < 40; i++) mix.push(`q=${pick(i)}+${pick(i + 13)}`);
  for (let i = 0; i < 20; i++) mix.push(`q=${typo(pick(i + 3))}`);
  for (let i = 0; i < 20; i++) mix.push(`q=${pick(i + 5).slice(0, 4)}`);
  for (let i = 0; i < 10; i++) mix.push(`q=${pick(i + 7)}&model=SDXL+1.0`);
  for (let i = 0; i < 10; i++) mix.push(`q=${pick(i + 9)}&aspect=portrait&sort=newest`);
  for (let i = 0; i < 10; i++) mix.push(`q=${pick(i + 11)}&source=civitai&page=2`);
  mix.push('sort=newest', 'model=Flux.1+%5Bdev%5D', 'q=cyberpnuk+citty', 'q=lightning+crystal', 'q=portrait&nsfw=include');
  return mix;
}

const QUERY_MIX = buildQueryMix();

export default async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-bench-'));
  const app = await openApp(loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'never' }));
  try {
    console.log(`loading ${ARTWORKS.toLocaleString()} synthetic artworks…`);
    await loadArtworks(app, ARTWORKS);

    const reindexStarted = performance.now();
    const indexed = await app.artworks.reindex();
    const reindexSeconds = (performance.now() - reindexStarted) / 1000;
    console.log(`reindexed ${indexed} documents into ${app.searchIndex.engine} in ${reindexSeconds.toFixed(1)} s`);

    // The trivial route is the app's own /healthz: same process, same server and the same
    // middleware stack (logging, helmet, sessions, compression), so the ratio isolates the search work.
    const outer = express();
    // The same engine without the result cache, so the report shows what a cache miss costs.
    const uncached = createSearchService({
      searchIndex: createSearchIndex({ db: app.db, meiliUrl: app.config.MEILI_URL, meiliMasterKey: app.config.MEILI_MASTER_KEY, meiliIndex: app.config.MEILI_INDEX, cache: false }),
      clock: app.clock,
    });
    outer.use('/uncached', createSearchRouter(uncached));
    outer.use(app.http);
    const server = outer.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    await drive(base, ['/healthz'], 3); // warm-up
    await drive(base, QUERY_MIX.map((q) => `/api/search?${q}`), 3);
    const trivial = await drive(base, ['/healthz'], DURATION_S);
    const search = await drive(base, QUERY_MIX.map((q) => `/api/search?${q}`), DURATION_S);
    const searchUncached = await drive(base, QUERY_MIX.map((q) => `/uncached/api/search?${q}`), DURATION_S);
    server.close();
    server.closeAllConnections();

    const ratio = search.requestsPerSecond / trivial.requestsPerSecond;
    const rows = [
      { route: 'GET /healthz (trivial)', ...format(trivial) },
      { route: `GET /api/search (${QUERY_MIX.length}-query mix)`, ...format(search) },
      { route: 'same mix, result cache off', ...format(searchUncached) },
    ];
    printTable(rows);
    const targets = {
      searchP95Ms: { target: '≤ 25', measured: round(search.p95), met: search.p95 <= 25 },
      throughputRatio: { target: '≥ 0.4', measured: round(ratio, 3), met: ratio >= 0.4 },
      reindexSeconds: { target: '≤ 30', measured: round(reindexSeconds), met: reindexSeconds <= 30 },
    };
    console.log(`\nsearch/trivial throughput ratio: ${ratio.toFixed(3)} (cache off: ${(searchUncached.requestsPerSecond / trivial.requestsPerSecond).toFixed(3)})`);
    printTable(Object.entries(targets).map(([name, t]) => ({ metric: name, target: t.target, measured: t.measured, met: t.met ? 'yes' : 'NO' })));
    const file = await writeBenchResult('search', {
      engine: app.searchIndex.engine,
      artworks: ARTWORKS,
      durationSeconds: DURATION_S,
      connections: CONNECTIONS,
      queryMix: QUERY_MIX,
      trivial,
      search,
      searchUncached,
      uncachedRatio: searchUncached.requestsPerSecond / trivial.requestsPerSecond,
      ratio,
      reindexSeconds,
      targets,
    });
    console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface DriveResult {
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

async function drive(base: string, paths: string[], seconds: number): Promise<DriveResult> {
  const latencies: number[] = [];
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    { url: base, connections: CONNECTIONS, duration: seconds, requests: paths.map((p) => ({ method: 'GET', path: p })) },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  // autocannon's own table stops at p97.5; keep every response time to report p95 exactly.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / seconds,
    errors: result.errors,
    non2xx: result.non2xx,
    p50: at(50),
    p95: at(95),
    p99: at(99),
  };
}

async function loadArtworks(app: App, count: number): Promise<void> {
  const BATCH = 2_000;
  const documents = generateSearchDocuments(count, 20261123);
  for (let start = 0; start < documents.length; start += BATCH) {
    const rows: NewArtworkRow[] = documents.slice(start, start + BATCH).map((doc, i) => {
      const n = start + i;
      return {
        source: doc.source,
        source_id: `bench-${n}`,
        post_url: doc.sourceUrl,
        image_url: `https://bench.artsift.invalid/images/${n}.png`,
        author_handle: doc.authorHandle,
        author_name: doc.authorName,
        author_url: doc.authorUrl,
        prompt: doc.prompt,
        negative_prompt: doc.negativePrompt,
        model: doc.model,
        params: '{}',
        tags: doc.tags,
        width: doc.width,
        height: doc.height,
        aspect: aspectBucket(doc.width, doc.height),
        nsfw: doc.nsfw,
        published_at: doc.publishedAt === null ? null : new Date(doc.publishedAt),
        sha256: createHash('sha256').update(`bench-${n}`).digest('hex'),
        phash: BigInt.asIntN(64, BigInt(`0x${createHash('sha1').update(String(n)).digest('hex').slice(0, 16)}`)),
        placeholder: doc.placeholder,
      };
    });
    await app.db.insertInto('artworks').values(rows).execute();
  }
}

function format(r: DriveResult) {
  return {
    'req/s': Math.round(r.requestsPerSecond),
    p50: `${round(r.p50)} ms`,
    p95: `${round(r.p95)} ms`,
    p99: `${round(r.p99)} ms`,
    errors: r.errors + r.non2xx,
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
