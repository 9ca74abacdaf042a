import cron from 'node-cron';
import { z } from 'zod';
import { privateNetworkAllowanceSchema } from '../net/address-policy.ts';
import { blueskyOptionsSchema } from '../sources/bluesky/bluesky-options.ts';
import { mastodonOptionsSchema } from '../sources/mastodon/mastodon-options.ts';
import { xOptionsSchema } from '../sources/x/x-options.ts';

/** Also the shape of artworks.source, so a source name can serve as one. */
export const sourceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'lower-case letters, digits, "_", "." or "-", at most 63');

const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const cssSelector = z.string().trim().min(1).max(500);
const positiveInt = (max: number) => z.number().int().positive().max(max);

export const civitaiOptionsSchema = z.strictObject({
  /** Where /api/v1/images is served. */
  apiBaseUrl: httpUrl.default('https://civitai.com'),
  /** Where image pages live (https://civitai.com/images/<id>); defaults to apiBaseUrl. */
  siteUrl: httpUrl.optional(),
  pageSize: positiveInt(200).default(100),
  /** Civitai's own NSFW filter; unset lists every level (each item still records its own). */
  nsfw: z.enum(['None', 'Soft', 'Mature', 'X']).optional(),
  username: z.string().trim().min(1).max(100).optional(),
  modelId: positiveInt(Number.MAX_SAFE_INTEGER).optional(),
  modelVersionId: positiveInt(Number.MAX_SAFE_INTEGER).optional(),
});

/** RFC 6901: "" is the whole document, "/props/pageProps/images" a path into it. */
const jsonPointer = z
  .string()
  .max(500)
  .regex(/^(\/.*)?$/, 'a JSON pointer: empty, or starting with "/"');

export const htmlSelectorsSchema = z.strictObject({
  /** One element per artwork; the other selectors are looked up inside it. */
  item: cssSelector,
  /** An <img> (largest srcset candidate, <picture> sources, data-src, src), <source> (srcset), <a> (href) or any element with src. */
  image: cssSelector,
  /** Text content (or alt of an <img>, or a data-prompt attribute). */
  prompt: cssSelector.optional(),
  negativePrompt: cssSelector.optional(),
  model: cssSelector.optional(),
  author: cssSelector.optional(),
  authorLink: cssSelector.optional(),
  /** The artwork's own page; its URL is the artwork's identity. Without it, the image URL is. */
  postLink: cssSelector.optional(),
  /** A link to the next page, followed once scrolling yields no more items. */
  nextPage: cssSelector.optional(),
  /** A "load more" button, clicked (instead of scrolling) for as long as it is visible. */
  loadMore: cssSelector.optional(),
});

/** Where each field of one item is, as JSON pointers relative to the item. */
const structuredFieldsSchema = z.strictObject({
  image: jsonPointer,
  prompt: jsonPointer.optional(),
  negativePrompt: jsonPointer.optional(),
  model: jsonPointer.optional(),
  author: jsonPointer.optional(),
  authorLink: jsonPointer.optional(),
  postLink: jsonPointer.optional(),
  /** An object of generation parameters (steps, sampler, cfg…): its scalar values are kept. */
  params: jsonPointer.optional(),
});

export const htmlOptionsSchema = z
  .strictObject({
    startUrl: httpUrl,
    /** DOM items; optional when the items come from structured data (nextData or JSON-LD). */
    selectors: htmlSelectorsSchema.optional(),
    /** Items embedded in <script id="__NEXT_DATA__">: the array at itemsPointer, fields inside each. */
    nextData: z.strictObject({ itemsPointer: jsonPointer, fields: structuredFieldsSchema }).optional(),
    /** Read JSON-LD ImageObject/CreativeWork items of the page (before DOM items). */
    jsonLd: z.boolean().default(true),
    /** Visit each item's post page (one at a time, politely) for the full prompt and parameters. */
    detail: z.boolean().default(false),
    /** On post pages, elements holding the full prompt, negative prompt and model (before JSON-LD and OpenGraph). */
    detailSelectors: z
      .strictObject({ prompt: cssSelector.optional(), negativePrompt: cssSelector.optional(), model: cssSelector.optional() })
      .optional(),
    /** Rounds of scrolling (or load-more clicks) per page at most, each waiting for new items. */
    maxScrolls: z.number().int().min(0).max(500).default(30),
    /** How long the page must stay quiet (no request in flight, no new items) before it counts as exhausted. */
    scrollSettleMs: z.number().int().min(50).max(60_000).default(1_000),
    /**
     * Upper bound on one round's wait for the page's requests. Defaults to what the politeness
     * queue can cost: limits.timeoutMs plus one spacing step per concurrent request and one more.
     */
    scrollTimeoutMs: z.number().int().min(100).max(600_000).optional(),
    maxPages: positiveInt(1_000).default(10),
    pageTimeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  })
  .refine((options) => options.selectors || options.nextData || options.jsonLd, {
    message: 'give selectors or nextData, or leave jsonLd on',
    path: ['selectors'],
  });

export const feedOptionsSchema = z.strictObject({
  /** RSS 2.0, Atom or JSON Feed; detected from the document. */
  url: httpUrl,
  /** Follows Atom rel="next" and JSON Feed next_url at most this many pages. */
  maxPages: positiveInt(100).default(5),
});

export const importOptionsSchema = z
  .strictObject({
    /** A local folder of images (recursively; prompts come from the files' own metadata). */
    folder: z.string().min(1).optional(),
    /** Where that folder is published: each artwork links to publicBaseUrl + its relative path. */
    publicBaseUrl: httpUrl.optional(),
    urls: z.array(httpUrl).max(100_000).optional(),
    /** A text file with one image URL per line ("#" starts a comment). */
    urlListFile: z.string().min(1).optional(),
  })
  .refine((options) => [options.folder, options.urls, options.urlListFile].filter(Boolean).length === 1, {
    message: 'give exactly one of folder, urls or urlListFile',
  })
  .refine((options) => !options.folder || options.publicBaseUrl, {
    message: 'a folder import needs publicBaseUrl (where the images are published)',
    path: ['publicBaseUrl'],
  });

const commonFields = {
  name: sourceNameSchema,
  description: z.string().max(500).optional(),
  /** Cron expression (node-cron, optional seconds field); without one the source only runs from the CLI. */
  schedule: z.string().refine((expression) => cron.validate(expression), 'not a valid cron expression').optional(),
  enabled: z.boolean().default(true),
  /** The artworks.source value its records get; defaults per type (see crawlers/README.md). */
  artworkSource: sourceNameSchema.optional(),
  allowPrivateNetwork: privateNetworkAllowanceSchema,
  respectRobotsTxt: z.boolean().default(true),
  politeness: z
    .strictObject({
      maxConcurrentPerHost: positiveInt(16).default(2),
      minIntervalMs: z.number().int().min(0).max(600_000).default(1_000),
    })
    .prefault({}),
  limits: z
    .strictObject({
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      maxRedirects: z.number().int().min(0).max(10).default(5),
      maxRetries: z.number().int().min(0).max(10).default(3),
      maxDocumentBytes: positiveInt(100 * 1024 * 1024).default(5 * 1024 * 1024),
      /** Defaults to MEDIA_MAX_INPUT_BYTES. */
      maxImageBytes: positiveInt(1024 * 1024 * 1024).optional(),
      retryBaseDelayMs: z.number().int().min(0).max(60_000).default(500),
      maxRetryWaitMs: z.number().int().min(0).max(3_600_000).default(120_000),
    })
    .prefault({}),
  batchSize: positiveInt(1_000).default(50),
  concurrency: positiveInt(32).default(4),
  maxItemsPerRun: positiveInt(10_000_000).optional(),
};

export const sourceConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...commonFields, type: z.literal('civitai'), options: civitaiOptionsSchema.prefault({}) }),
  z.strictObject({ ...commonFields, type: z.literal('html'), options: htmlOptionsSchema }),
  z.strictObject({ ...commonFields, type: z.literal('feed'), options: feedOptionsSchema }),
  z.strictObject({ ...commonFields, type: z.literal('import'), options: importOptionsSchema }),
  // Official APIs whose terms allow programmatic access; robots.txt is about their web pages.
  z.strictObject({ ...commonFields, respectRobotsTxt: z.boolean().default(false), type: z.literal('x'), options: xOptionsSchema }),
  z.strictObject({ ...commonFields, respectRobotsTxt: z.boolean().default(false), type: z.literal('bluesky'), options: blueskyOptionsSchema }),
  z.strictObject({ ...commonFields, type: z.literal('mastodon'), options: mastodonOptionsSchema }),
]);

export type SourceConfig = z.output<typeof sourceConfigSchema>;
export type SourceConfigInput = z.input<typeof sourceConfigSchema>;
export type SourceType = SourceConfig['type'];
export const SOURCE_TYPES = ['civitai', 'html', 'feed', 'import', 'x', 'bluesky', 'mastodon'] as const satisfies readonly SourceType[];

export const sourcesFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    sources: z.array(sourceConfigSchema).max(1_000),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    for (const [index, source] of file.sources.entries()) {
      if (seen.has(source.name)) {
        context.addIssue({ code: 'custom', message: `duplicate source name "${source.name}"`, path: ['sources', index, 'name'] });
      }
      seen.add(source.name);
    }
  });
