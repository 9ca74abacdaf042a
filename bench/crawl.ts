/**
 * `npm run bench -- crawl`: crawls 2,000 items from a local Civitai-format API serving real
 * 1024×1024 PNG and JPEG images (50 pictures, each URL a slightly different file so every hash
 * differs) and compares end-to-end items/s with the bare media pipeline (sharp: decode,
 * thumbnail, preview, hashes) on the same files, at the same concurrency, in the same run.
 * Targets: end-to-end ≥ 60% of the bare pipeline, peak RSS ≤ 500 MB.
 *
 * The fixture files are generated once by a child process (so their encoding does not count
 * towards this process's memory) and kept in the temp folder for later runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { sourceConfigSchema } from '../crawlers/config/source-config.ts';
import { createCrawlService } from '../crawlers/crawl.service.ts';
import { mapWithConcurrency } from '../crawlers/runner/map-with-concurrency.ts';
import { openApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { processImage } from '../src/media/image-pipeline.ts';
import { mediaLimitsFromConfig } from '../src/media/media-limits.ts';
import { printTable, writeBenchResult } from './results.ts';

const ITEMS = 2_000;
const PICTURES = 50;
const SIDE = 1024;
const CONCURRENCY = 4;
const BARE_SAMPLE = 200;
const FIXTURE_DIR = path.join(os.tmpdir(), `artsift-bench-crawl-v1-${ITEMS}`);
const THIS_FILE = fileURLToPath(import.meta.url);

const fixtureFile = (index: number) => path.join(FIXTURE_DIR, `${index}.${index % PICTURES < PICTURES / 2 ? 'png' : 'jpg'}`);

export default async function run(): Promise<void> {
  ensureFixtures();
  const config = loadConfig({
    ...process.env,
    DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'artsift-bench-crawl-')),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    PORT: '0',
  });
  const server = await serveCivitaiApi();
  const memory = startRssSampler();
  const app = await openApp(config);
  try {
    const loadBefore = os.loadavg()[0]!;
    // Measured before and after the crawl and averaged: on a shared machine the load drifts.
    const bareBefore = await measureBarePipeline(config);
    console.log(`crawling ${ITEMS} items end to end…`);
    const crawl = createCrawlService({ db: app.db, artworks: app.artworks, logger: app.logger, config, blocklist: app.takedowns.crawlBlocklist, http: app.crawlerHttp });
    const source = sourceConfigSchema.parse({
      name: 'bench',
      type: 'civitai',
      allowPrivateNetwork: ['127.0.0.1'],
      politeness: { maxConcurrentPerHost: 8, minIntervalMs: 0 },
      concurrency: CONCURRENCY,
      batchSize: 50,
      options: { apiBaseUrl: server.origin, pageSize: 100 },
    });
    const crawlCpu = startCpuMeter(config);
    const crawled = await timed(() => crawl.run(source, { trigger: 'cli' }));
    const crawlCpuMsPerItem = (await crawlCpu.stop()) / ITEMS;
    const report = crawled.value;
    if (report.status !== 'succeeded' || report.counts.new !== ITEMS) {
      throw new Error(`the crawl did not store every item: ${JSON.stringify(report)}`);
    }
    const endToEndRate = ITEMS / crawled.seconds;
    const bareAfter = await measureBarePipeline(config);
    const bareRate = (bareBefore.itemsPerSecond + bareAfter.itemsPerSecond) / 2;
    const bareCpuMsPerItem = (bareBefore.cpuMsPerItem + bareAfter.cpuMsPerItem) / 2;
    const peakRssMB = Math.max(memory.stop(), process.resourceUsage().maxRSS / 1024);
    const ratio = endToEndRate / bareRate;

    const result = {
      items: ITEMS,
      concurrency: CONCURRENCY,
      bareMediaPipeline: {
        images: BARE_SAMPLE,
        itemsPerSecond: round(bareRate),
        before: round(bareBefore.itemsPerSecond),
        after: round(bareAfter.itemsPerSecond),
        cpuMsPerItem: round(bareCpuMsPerItem),
      },
      endToEnd: { seconds: round(crawled.seconds), itemsPerSecond: round(endToEndRate), cpuMsPerItem: round(crawlCpuMsPerItem), counts: report.counts },
      ratio: round(ratio),
      cpuRatio: round(bareCpuMsPerItem / crawlCpuMsPerItem),
      peakRssMB: Math.round(peakRssMB),
      targets: { ratio: 0.6, peakRssMB: 500 },
      meetsTargets: ratio >= 0.6 && peakRssMB <= 500,
      searchEngine: app.searchIndex.engine,
      // One-minute load averages: other processes on the machine skew wall-clock rates.
      loadAverage: { before: round(loadBefore), after: round(os.loadavg()[0]!) },
    };
    printTable([
      tableRow('bare media pipeline (sharp), before', BARE_SAMPLE, bareBefore),
      tableRow('bare media pipeline (sharp), after', BARE_SAMPLE, bareAfter),
      tableRow('crawl end to end', ITEMS, { itemsPerSecond: endToEndRate, seconds: crawled.seconds, cpuMsPerItem: crawlCpuMsPerItem }),
    ]);
    console.log(`\nend to end / bare: ${Math.round(ratio * 100)}% of items/s (target ≥ 60%), ${Math.round((bareCpuMsPerItem / crawlCpuMsPerItem) * 100)}% of CPU efficiency`);
    console.log(`peak RSS ${Math.round(peakRssMB)} MB (target ≤ 500 MB); load average ${round(loadBefore)} → ${round(os.loadavg()[0]!)}`);
    console.log(`written to ${await writeBenchResult('crawl', result)}`);
  } finally {
    await app.close();
    await server.close();
    await rm(config.DATA_DIR, { recursive: true, force: true });
  }
}

/** Items/s of processImage alone (decode, thumbnail, preview, hashes) on the fixture files, at the crawl's concurrency. */
async function measureBarePipeline(config: Config): Promise<Rates> {
  console.log(`bare media pipeline on ${BARE_SAMPLE} of the files…`);
  const cpu = startCpuMeter(config);
  const { seconds } = await timed(() =>
    mapWithConcurrency(
      Array.from({ length: BARE_SAMPLE }, (_, index) => index),
      CONCURRENCY,
      async (index) => {
        await processImage(await readFile(fixtureFile(index)), mediaLimitsFromConfig(config));
      },
      new AbortController().signal,
    ),
  );
  return { itemsPerSecond: BARE_SAMPLE / seconds, seconds, cpuMsPerItem: (await cpu.stop()) / BARE_SAMPLE };
}

interface Rates {
  itemsPerSecond: number;
  seconds: number;
  /** CPU time of this process plus the embedded PostgreSQL's, per item: unlike wall time, barely moved by other load. */
  cpuMsPerItem: number;
}

/** CPU milliseconds used from now on by this process and, when it runs embedded in DATA_DIR, PostgreSQL. */
function startCpuMeter(config: Config): { stop(): Promise<number> } {
  const postgresCpuMs = async (): Promise<number> => {
    try {
      const postmaster = (await readFile(path.join(config.DATA_DIR, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]!;
      const children = (await readFile(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')).trim().split(/\s+/);
      let ticks = 0;
      for (const pid of [postmaster, ...children]) {
        const fields = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ') ?? [];
        ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime + stime, in 1/100 s
      }
      return ticks * 10;
    } catch {
      return 0; // an external DATABASE_URL: its CPU is not ours to read
    }
  };
  const startNode = process.cpuUsage();
  const startPostgres = postgresCpuMs();
  return {
    async stop() {
      const node = process.cpuUsage(startNode);
      return (node.user + node.system) / 1000 + (await postgresCpuMs()) - (await startPostgres);
    },
  };
}

/** Generates the fixture files in a child process, once. */
function ensureFixtures(): void {
  if (existsSync(path.join(FIXTURE_DIR, 'complete'))) return;
  console.log(`generating ${ITEMS} images of ${SIDE}×${SIDE} in ${FIXTURE_DIR} (once)…`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', THIS_FILE, '--generate-fixtures'], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('fixture generation failed');
}

/**
 * 50 pictures (soft noise under shapes, like generated art), half PNG, half JPEG; each of the
 * 2,000 files is its picture with one small square changed, so bytes, SHA-256 and derivatives
 * all differ while the perceptual hash stays that of its picture.
 */
async function generateFixtures(): Promise<void> {
  await mkdir(FIXTURE_DIR, { recursive: true });
  for (let picture = 0; picture < PICTURES; picture += 1) {
    const hue = (picture * 37) % 360;
    const shapes = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}">
      <circle cx="${200 + picture * 11}" cy="${300 + picture * 7}" r="${180 + picture}" fill="hsl(${hue},70%,55%)" fill-opacity="0.8"/>
      <rect x="${500 - picture * 3}" y="${120 + picture * 9}" width="380" height="260" fill="hsl(${(hue + 140) % 360},60%,35%)" fill-opacity="0.7"/>
      <path d="M0 ${800 - picture * 4} Q ${SIDE / 2} ${600 + picture * 5} ${SIDE} ${820}" stroke="hsl(${(hue + 60) % 360},80%,70%)" stroke-width="40" fill="none"/></svg>`);
    const { data: pixels, info } = await sharp({ create: { width: SIDE, height: SIDE, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .blur(6)
      .composite([{ input: shapes }])
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const encodes: Promise<void>[] = [];
    for (let index = picture; index < ITEMS; index += PICTURES) {
      const variant = Buffer.from(pixels);
      const x = (index * 53) % (SIDE - 8);
      const y = (index * 97) % (SIDE - 8);
      for (let row = 0; row < 8; row += 1) variant.fill(index % 251, ((y + row) * SIDE + x) * 3, ((y + row) * SIDE + x + 8) * 3);
      const image = sharp(variant, { raw: { width: info.width, height: info.height, channels: 3 } });
      const file = fixtureFile(index);
      encodes.push((file.endsWith('.png') ? image.png({ compressionLevel: 6 }) : image.jpeg({ quality: 90 })).toFile(file).then(() => undefined));
    }
    await Promise.all(encodes);
    process.stdout.write(`\r  ${picture + 1}/${PICTURES} pictures`);
  }
  await writeFile(path.join(FIXTURE_DIR, 'complete'), new Date().toISOString());
  process.stdout.write('\n');
}

/** A Civitai-format API on 127.0.0.1: /api/v1/images (newest first, cursor pages) and /img/<n>. */
async function serveCivitaiApi(): Promise<{ origin: string; close(): Promise<void> }> {
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/api/v1/images') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const start = Number(url.searchParams.get('cursor') ?? ITEMS);
      const ids = Array.from({ length: Math.min(limit, start) }, (_, offset) => start - offset);
      const items = ids.map((id) => ({
        id,
        url: `${origin}/img/${id}`,
        nsfwLevel: 'None',
        createdAt: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString(),
        username: `artist${id % 17}`,
        meta: { prompt: `picture ${id % PICTURES}, variant ${id}, luminous landscape`, Model: 'SDXL 1.0', seed: id, steps: 30, sampler: 'Euler a', cfgScale: 7 },
      }));
      const next = start - ids.length;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items, metadata: next > 0 ? { nextCursor: String(next) } : {} }));
      return;
    }
    const image = /^\/img\/(\d+)$/.exec(url.pathname);
    if (image) {
      const file = fixtureFile(Number(image[1]) - 1);
      readFile(file).then(
        (bytes) => response.writeHead(200, { 'content-type': file.endsWith('.png') ? 'image/png' : 'image/jpeg' }).end(bytes),
        () => response.writeHead(404).end(),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Samples RSS every 25 ms (native sharp buffers included); returns the peak in MB on stop. */
function startRssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / (1024 * 1024);
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

const round = (value: number) => Math.round(value * 100) / 100;

const tableRow = (step: string, items: number, rates: Rates) => ({
  step,
  items,
  seconds: round(rates.seconds),
  'items/s': round(rates.itemsPerSecond),
  'CPU ms/item': round(rates.cpuMsPerItem),
});

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv.includes('--generate-fixtures')) {
  await generateFixtures();
}
