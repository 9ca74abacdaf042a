/**
 * The server side of the search benchmark, forked by bench/search.ts so that its memory is the
 * server's alone (not the corpus and query sets the benchmark holds) and its CPU is not shared
 * with the load generator's event loop. Joins the benchmark's database (same DATA_DIR), runs the
 * full reindex, serves the whole app, samples its RSS every 100 ms and times each search
 * request from arrival to the last byte.
 */
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { z } from 'zod';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { searchParamsSchema } from '../src/search/search-params.ts';

export const serverReadySchema = z.object({
  type: z.literal('ready'),
  base: z.string(),
  engine: z.string(),
  indexed: z.number(),
  reindexSeconds: z.number(),
  firstSearchSeconds: z.number(),
});

export const serverReportSchema = z.object({
  type: z.literal('report'),
  peakRssMb: z.number(),
  reindexPeakRssMb: z.number(),
  /** CPU time (user + system) this process has used so far, in ms. */
  cpuMs: z.number(),
  /** Per request URL (path and query): how often served, total and slowest time in ms. */
  timings: z.array(z.tuple([z.string(), z.number(), z.number(), z.number()])),
});

const parentMessageSchema = z.object({ type: z.enum(['report', 'stop']) });

const RSS_SAMPLE_MS = 100;

async function serve(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('bench/search-server.ts is started by bench/search.ts');
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);

  // One client address sends every request: request limits still count (their cost is part of
  // serving) but never refuse, unless the environment sets them.
  const app = await openApp(loadConfig({ RATE_LIMIT_ANONYMOUS: '1000000', RATE_LIMIT_AUTHENTICATED: '1000000', ...process.env, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'never' }));
  const reindexStarted = performance.now();
  const indexed = await app.artworks.reindex();
  const reindexSeconds = (performance.now() - reindexStarted) / 1000;
  // An engine may load its serving copy on first use: timed apart from the reindex.
  const firstSearchStarted = performance.now();
  await app.search.search(searchParamsSchema.parse({ q: 'portrait' }));
  const firstSearchSeconds = (performance.now() - firstSearchStarted) / 1000;
  const reindexPeakRss = Math.max(peakRss, process.memoryUsage.rss());

  const timings = new Map<string, [count: number, totalMs: number, maxMs: number]>();
  const outer = express();
  outer.use((req, res, next) => {
    if (req.path !== '/api/search') return next();
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const entry = timings.get(req.originalUrl) ?? [0, 0, 0];
      timings.set(req.originalUrl, [entry[0] + 1, entry[1] + ms, Math.max(entry[2], ms)]);
    });
    next();
  });
  outer.use(app.http);
  const server: Server = outer.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(sampler);
      server.close();
      server.closeAllConnections();
      await app.close();
      if (process.connected) process.disconnect();
    })().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    }));
  // The benchmark gone (stopped, crashed): nothing left to serve.
  process.on('disconnect', () => void stop());
  process.on('message', (raw) => {
    const message = parentMessageSchema.parse(raw);
    if (message.type === 'stop') {
      void stop();
      return;
    }
    send({
      type: 'report',
      peakRssMb: megabytes(Math.max(peakRss, process.memoryUsage.rss())),
      reindexPeakRssMb: megabytes(reindexPeakRss),
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      timings: [...timings.entries()].map(([url, [count, total, max]]) => [url, count, total, max]),
    } satisfies z.input<typeof serverReportSchema>);
  });
  send({
    type: 'ready',
    base: `http://127.0.0.1:${port}`,
    engine: app.searchIndex.engine,
    indexed,
    reindexSeconds,
    firstSearchSeconds,
  } satisfies z.input<typeof serverReadySchema>);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
