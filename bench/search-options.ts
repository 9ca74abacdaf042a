/** `npm run bench -- search [--corpus FILE] [--artworks N] [--cache on|off] [--duration S]` */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SEARCH_BENCH_USAGE =
  'usage: npm run bench -- search [--corpus FILE.jsonl[.gz]] [--artworks N] [--cache on|off] [--duration SECONDS]';

const optionsSchema = z.object({
  corpus: z.string().min(1).optional(),
  artworks: z.coerce.number().int('must be a whole number').min(1_000).max(5_000_000).default(100_000),
  cache: z.enum(['on', 'off']).default('off'),
  duration: z.coerce.number().int('must be a whole number').min(1).max(600).default(15),
});

export type SearchBenchOptions = z.output<typeof optionsSchema>;

/** Command-line options first; BENCH_ARTWORKS and BENCH_DURATION still give the defaults. */
export function parseSearchBenchOptions(args: string[], env: NodeJS.ProcessEnv = process.env): SearchBenchOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { corpus: { type: 'string' }, artworks: { type: 'string' }, cache: { type: 'string' }, duration: { type: 'string' } },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${SEARCH_BENCH_USAGE}`, { cause: error });
  }
  const parsed = optionsSchema.safeParse({
    corpus: values.corpus,
    artworks: values.artworks ?? env.BENCH_ARTWORKS,
    cache: values.cache,
    duration: values.duration ?? env.BENCH_DURATION,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${problems.join('\n')}\n${SEARCH_BENCH_USAGE}`);
  }
  return parsed.data;
}
