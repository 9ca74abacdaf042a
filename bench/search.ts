/**
 * Search benchmark (issue #10): N artworks — the first N prompts of a real-prompt file given
 * with --corpus, or the synthetic corpus — bulk-loaded into PostgreSQL; a server process that
 * runs the full reindex and serves the app; then, over HTTP with autocannon, /healthz (the
 * trivial baseline through the same middleware), a 3,000-query distinct mix and 300 pasted
 * prompts, with the result cache off unless --cache on; then known-item recall. Prints the
 * issue's targets, met or not, and writes JSON to bench/results/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadArtworks } from './artwork-loader.ts';
import { driveHttp, type LoadResult } from './http-load.ts';
import { measureKnownItemRecall } from './known-item-recall.ts';
import { readPromptCorpus, syntheticPromptCorpus } from './prompt-corpus.ts';
import { printTable, writeBenchResult } from './results.ts';
import { parseSearchBenchOptions, type SearchBenchOptions } from './search-options.ts';
import { buildQuerySets, MIX_KINDS, type MixQuery } from './search-query-sets.ts';
import { startSearchServer, type SearchServerProcess, type ServerReport } from './search-server-process.ts';
import { searchTargets } from './search-targets.ts';

const SEED = 20261123;
const CONNECTIONS = 8;
const WARM_UP_S = 3;
const SLOWEST_SHOWN = 10;

export default async function run(args: string[]): Promise<void> {
  let options: SearchBenchOptions;
  try {
    options = parseSearchBenchOptions(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'never' };
  // This process owns the database (it stops it on close); the server process joins it.
  const app = await openApp(loadConfig(env));
  let server: SearchServerProcess | undefined;
  try {
    const corpusName = options.corpus ? path.basename(options.corpus) : 'synthetic';
    const { value: corpus, seconds: readSeconds } = await timed(() =>
      options.corpus ? readPromptCorpus(options.corpus, options.artworks) : Promise.resolve(syntheticPromptCorpus(options.artworks, SEED)),
    );
    const { prompts } = corpus;
    const reused = prompts.length - corpus.distinct;
    console.log(
      `read ${corpus.distinct.toLocaleString()} prompts (${corpusName}) in ${readSeconds.toFixed(1)} s` +
        (reused > 0 ? `; the file is shorter than --artworks: ${reused.toLocaleString()} prompts used twice (exact duplicates)` : ''),
    );

    const progressEvery = Math.max(1, Math.round(options.artworks / 10));
    const { value: ids, seconds: loadSeconds } = await timed(() =>
      loadArtworks(app.db, prompts, SEED, (loaded) => {
        if (loaded % progressEvery === 0) console.log(`  loaded ${loaded.toLocaleString()} artworks`);
      }),
    );
    console.log(`loaded ${ids.length.toLocaleString()} artworks in ${loadSeconds.toFixed(1)} s`);

    const { value: sets, seconds: querySetSeconds } = await timed(async () =>
      buildQuerySets(prompts.map((entry, i) => ({ id: ids[i]!, prompt: entry.prompt, model: entry.model })), SEED),
    );
    console.log(
      `query sets in ${querySetSeconds.toFixed(1)} s: ${sets.mix.length} distinct mix queries, ${sets.pasted.length} pasted prompts, ` +
        `${sets.knownItems.length} known items (${sets.knownItemRejected} draws rejected: phrase in > 20 prompts; ${sets.knownItemUnsuitable} draws at a spot without three words of letters)`,
    );

    console.log(`starting the server process: full reindex (result cache ${options.cache})…`);
    server = await startSearchServer({ ...env, SEARCH_CACHE_SECONDS: options.cache === 'on' ? '30' : '0' });
    const { base, engine, indexed, reindexSeconds, firstSearchSeconds } = server.ready;
    console.log(`reindexed ${indexed.toLocaleString()} documents into ${engine} in ${reindexSeconds.toFixed(1)} s; first search ${firstSearchSeconds.toFixed(1)} s`);

    const mixPaths = sets.mix.map((query) => `/api/search?${query.params}`);
    const pastedPaths = sets.pasted.map((params) => `/api/search?${params}`);
    const drive = (paths: readonly string[], seconds: number) => driveHttp(base, paths, seconds, CONNECTIONS);
    await drive(['/healthz'], WARM_UP_S);
    await drive(mixPaths, WARM_UP_S);
    console.log(`driving for ${options.duration} s each: /healthz, the mix, pasted prompts…`);
    // The server's CPU time per request, phase by phase: on a machine shared with other work the
    // requests per second of each phase depend on what else ran, its CPU cost per request does not.
    const serverCpu = server;
    const cpuOf = async <T extends { requests: number }>(work: () => Promise<T>) => {
      const before = (await serverCpu.report()).cpuMs;
      const result = await work();
      return { ...result, serverCpuMsPerRequest: ((await serverCpu.report()).cpuMs - before) / Math.max(1, result.requests) };
    };
    const trivial = await cpuOf(() => drive(['/healthz'], options.duration));
    const mix = await cpuOf(() => drive(mixPaths, options.duration));
    const pasted = await cpuOf(() => drive(pastedPaths, options.duration));
    console.log(`known-item recall over ${sets.knownItems.length} targets…`);
    const recall = await measureKnownItemRecall(base, sets.knownItems);
    const report = await server.report();
    await server.stop();
    server = undefined;

    const ratio = mix.requestsPerSecond / trivial.requestsPerSecond;
    const pastedRatio = pasted.requestsPerSecond / trivial.requestsPerSecond;
    console.log(`\n${options.artworks.toLocaleString()} artworks (${corpusName}), engine ${engine}, result cache ${options.cache}, ${CONNECTIONS} connections, ${options.duration} s each`);
    printTable([
      { route: 'GET /healthz (trivial)', ...formatLoad(trivial), 'vs /healthz': '1' },
      { route: `GET /api/search, ${sets.mix.length}-query mix`, ...formatLoad(mix), 'vs /healthz': ratio.toFixed(3) },
      { route: `GET /api/search, ${sets.pasted.length} pasted prompts`, ...formatLoad(pasted), 'vs /healthz': pastedRatio.toFixed(3) },
    ]);

    const cpuRatio = trivial.serverCpuMsPerRequest / mix.serverCpuMsPerRequest;
    console.log(
      `server CPU per request (all its threads): /healthz ${trivial.serverCpuMsPerRequest.toFixed(3)} ms, mix ${mix.serverCpuMsPerRequest.toFixed(3)} ms, ` +
        `pasted ${pasted.serverCpuMsPerRequest.toFixed(3)} ms; mix vs /healthz by CPU ${cpuRatio.toFixed(3)} ` +
        '(steadier than requests per second on a busy machine; with matching in its worker thread, search also uses a second core)',
    );
    const timings = serverTimings(report);
    const mixByKind = summariseByKind(sets.mix, timings);
    const served = mixByKind.reduce((sum, row) => sum + row.served, 0);
    console.log(`\nmix by query shape: ${served} of ${sets.mix.length} distinct queries served in ${options.duration} s (server-side ms per query, from arrival to the last byte):`);
    printTable(mixByKind.map((row) => ({ shape: row.kind, served: row.served, mean: row.meanMs.toFixed(1), p95: row.p95Ms.toFixed(1), max: row.maxMs.toFixed(1) })));
    const slowestMix = slowest(mixPaths, timings);
    console.log(`\n${SLOWEST_SHOWN} slowest queries of the mix (server-side mean ms):`);
    printTable(slowestMix.map((row) => ({ ms: row.meanMs.toFixed(1), max: row.maxMs.toFixed(1), query: row.query })));
    const slowestPasted = slowest(pastedPaths, timings).slice(0, 5);
    console.log('\n5 slowest pasted prompts (server-side mean ms):');
    printTable(slowestPasted.map((row) => ({ ms: row.meanMs.toFixed(1), query: truncate(row.query, 100) })));
    if (recall.misses.length > 0) {
      console.log('\nsome known items missed (target not in the first 20):');
      printTable(recall.misses.map((miss) => ({ q: miss.q, target: miss.targetId, total: miss.estimatedTotal, corrected: miss.correctedQuery ?? '' })));
    }

    console.log(
      `\nknown-item recall: ${recall.found}/${recall.targets} = ${recall.recallPercent.toFixed(1)}%; ` +
        `server peak RSS ${report.peakRssMb} MB (${report.reindexPeakRssMb} MB by the end of the reindex and first search)`,
    );
    const targets = searchTargets(options.artworks, {
      mixP95Ms: mix.p95,
      throughputRatio: ratio,
      pastedP95Ms: pasted.p95,
      recallPercent: recall.recallPercent,
      // Until searches are answered from the rebuilt index: the engine's serving copy loads after the rebuild.
      reindexSeconds: reindexSeconds + firstSearchSeconds,
      peakRssMb: report.peakRssMb,
    });
    console.log(`\ntargets, ${targets.column} column${options.cache === 'on' ? ' (they are set for the result cache OFF: this run has it on)' : ''}:`);
    printTable(targets.rows.map((row) => ({ ...row })));

    const file = await writeBenchResult('search', {
      engine,
      corpus: corpusName,
      artworks: options.artworks,
      distinctCorpusLines: corpus.distinct,
      cache: options.cache,
      durationSeconds: options.duration,
      connections: CONNECTIONS,
      readSeconds,
      loadSeconds,
      querySetSeconds,
      reindexSeconds,
      firstSearchSeconds,
      queries: { mix: countKinds(sets.mix), pasted: sets.pasted.length, knownItems: sets.knownItems.length },
      trivial,
      mix,
      pasted,
      ratio,
      pastedRatio,
      cpuRatio,
      knownItem: { ...recall, rejectedDraws: sets.knownItemRejected, unsuitableDraws: sets.knownItemUnsuitable },
      peakRssMb: report.peakRssMb,
      reindexPeakRssMb: report.reindexPeakRssMb,
      mixByKind,
      slowestMix,
      slowestPasted,
      targets,
    });
    console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  } finally {
    await server?.stop();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface UrlTiming {
  count: number;
  meanMs: number;
  maxMs: number;
}

function serverTimings(report: ServerReport): Map<string, UrlTiming> {
  return new Map(report.timings.map(([url, count, total, max]) => [url, { count, meanMs: total / count, maxMs: max }]));
}

function summariseByKind(mix: readonly MixQuery[], timings: Map<string, UrlTiming>) {
  return MIX_KINDS.map((kind) => {
    const means = mix
      .filter((query) => query.kind === kind)
      .map((query) => timings.get(`/api/search?${query.params}`))
      .filter((timing): timing is UrlTiming => timing !== undefined);
    const sorted = means.map((t) => t.meanMs).sort((a, b) => a - b);
    return {
      kind,
      served: sorted.length,
      meanMs: sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length),
      p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0,
      maxMs: Math.max(0, ...means.map((t) => t.maxMs)),
    };
  });
}

function slowest(paths: readonly string[], timings: Map<string, UrlTiming>) {
  return paths
    .flatMap((p) => {
      const timing = timings.get(p);
      return timing ? [{ query: describeQuery(p), meanMs: timing.meanMs, maxMs: timing.maxMs }] : [];
    })
    .sort((a, b) => b.meanMs - a.meanMs)
    .slice(0, SLOWEST_SHOWN);
}

/** `/api/search?q=neon%20city&aspect=portrait` → `neon city [aspect=portrait]` */
function describeQuery(urlPath: string): string {
  const params = new URLSearchParams(urlPath.slice(urlPath.indexOf('?') + 1));
  const filters = [...params.entries()].filter(([name]) => name !== 'q').map(([name, value]) => `${name}=${value}`);
  return `${params.get('q') ?? ''}${filters.length > 0 ? ` [${filters.join(', ')}]` : ''}`;
}

function countKinds(mix: readonly MixQuery[]): Record<string, number> {
  return Object.fromEntries(MIX_KINDS.map((kind) => [kind, mix.filter((query) => query.kind === kind).length]));
}

function formatLoad(r: LoadResult) {
  return {
    'req/s': Math.round(r.requestsPerSecond),
    p50: `${r.p50.toFixed(1)} ms`,
    p95: `${r.p95.toFixed(1)} ms`,
    p99: `${r.p99.toFixed(1)} ms`,
    errors: r.errors + r.non2xx,
  };
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
