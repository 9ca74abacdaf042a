import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSourcesFile, SourceConfigError } from '../../crawlers/config/load-sources.ts';
import { sourceConfigSchema } from '../../crawlers/config/source-config.ts';
import { artworkSourceOf } from '../../crawlers/sources/create-source.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const EXAMPLE = fileURLToPath(new URL('../../crawlers/sources.example.json', import.meta.url));

describe('sources file', () => {
  let scratch: string;
  const write = async (content: unknown) => {
    const file = path.join(scratch, `sources-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-sources-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('accepts the documented example, one source of each type', async () => {
    const sources = await loadSourcesFile(EXAMPLE);
    expect(new Set(sources.map((source) => source.type))).toEqual(new Set(['civitai', 'html', 'feed', 'import', 'x', 'bluesky', 'mastodon']));
    expect(sources.every((source) => source.politeness.minIntervalMs >= 1_000)).toBe(true);
  });

  it('treats a missing file as no sources', async () => {
    await expect(loadSourcesFile(path.join(scratch, 'nope.json'))).resolves.toEqual([]);
  });

  it('names the file and the field at fault', async () => {
    const badCron = await write({ sources: [{ name: 'x', type: 'feed', schedule: 'every day', options: { url: 'https://a.example/feed' } }] });
    await expect(loadSourcesFile(badCron)).rejects.toThrow(/sources\.0\.schedule: not a valid cron expression/);
    const typo = await write({ sources: [{ name: 'x', type: 'feed', shedule: '0 * * * *', options: { url: 'https://a.example/feed' } }] });
    await expect(loadSourcesFile(typo)).rejects.toThrow(SourceConfigError);
    const twice = await write({ sources: [0, 1].map(() => ({ name: 'same', type: 'civitai' })) });
    await expect(loadSourcesFile(twice)).rejects.toThrow(/duplicate source name "same"/);
    await expect(loadSourcesFile(await write('{ not json'))).rejects.toThrow(/not valid JSON/);
  });

  it('resolves import paths against the file’s folder', async () => {
    const file = await write({ sources: [{ name: 'mine', type: 'import', options: { urlListFile: 'lists/urls.txt' } }] });
    const [source] = await loadSourcesFile(file);
    expect(source).toMatchObject({ options: { urlListFile: path.join(scratch, 'lists/urls.txt') } });
  });

  it('fills polite defaults and derives the artworks.source label', () => {
    const feed = sourceConfigSchema.parse({ name: 'blog', type: 'feed', options: { url: 'https://www.Gallery.example/feed' } });
    expect(feed).toMatchObject({ enabled: true, allowPrivateNetwork: false, respectRobotsTxt: true, politeness: { maxConcurrentPerHost: 2, minIntervalMs: 1_000 } });
    expect(artworkSourceOf(feed)).toBe('gallery.example');
    expect(artworkSourceOf(sourceConfigSchema.parse({ name: 'c', type: 'civitai' }))).toBe('civitai');
    expect(() => sourceConfigSchema.parse({ name: 'x', type: 'feed', allowPrivateNetwork: ['10.0.0.0/33'], options: { url: 'https://a.example' } })).toThrow();
  });
});

describe('crawler environment', () => {
  it('has working defaults and checks the user agent token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ CRAWLER_USER_AGENT: 'ArtsiftBot/0.1', CRAWL_SOURCES_FILE: 'crawlers/sources.json', CRAWL_SCHEDULER: 'off' });
    expect(config.CRAWLER_CONTACT_URL).toBeUndefined();
    expect(() => loadConfig({ CRAWLER_USER_AGENT: 'Artsift Bot' })).toThrow(ConfigError);
    expect(() => loadConfig({ CRAWLER_CONTACT_URL: 'not a url' })).toThrow(/CRAWLER_CONTACT_URL/);
    expect(() => loadConfig({ CRAWL_SCHEDULER: 'yes' })).toThrow(/CRAWL_SCHEDULER/);
  });
});
