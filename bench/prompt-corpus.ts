/**
 * The prompts a search benchmark loads: the first N lines of a JSONL (or gzipped JSONL) file of
 * real prompts given with --corpus, or the synthetic corpus when none is given. The file is
 * read where it lies and never copied into the project.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { generateSearchDocuments } from './search-corpus.ts';

export interface CorpusPrompt {
  prompt: string;
  negativePrompt: string | null;
  model: string | null;
  width: number | null;
  height: number | null;
}

// PostgreSQL text refuses NUL; the rest of a prompt is kept exactly as its author wrote it.
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

const corpusLineSchema = z.object({
  prompt: z.string().transform(withoutNul).refine((prompt) => prompt.trim().length > 0, 'must not be empty'),
  negativePrompt: z.string().transform(withoutNul).nullish(),
  model: z.string().transform(withoutNul).nullish(),
  width: z.number().int().positive().max(100_000).nullish(),
  height: z.number().int().positive().max(100_000).nullish(),
  source: z.string().nullish(),
});

export interface PromptCorpus {
  prompts: CorpusPrompt[];
  /** Lines read from the file; when fewer than asked for, the prompts start over from the top. */
  distinct: number;
}

/**
 * Reads the first `limit` prompts; fails on the first malformed line, naming it. A file shorter
 * than `limit` is read again from the top (those artworks are then exact duplicates of others).
 */
export async function readPromptCorpus(file: string, limit: number): Promise<PromptCorpus> {
  const raw = createReadStream(file);
  const stream = (await isGzip(file)) ? raw.pipe(createGunzip()) : raw;
  const prompts: CorpusPrompt[] = [];
  let lineNumber = 0;
  try {
    for await (const line of readline.createInterface({ input: stream as Readable, crlfDelay: Infinity })) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = corpusLineSchema.safeParse(parseJson(line));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${file}:${lineNumber}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'not a prompt object'}`);
      }
      const { prompt, negativePrompt, model, width, height } = parsed.data;
      prompts.push({ prompt, negativePrompt: negativePrompt ?? null, model: model ?? null, width: width ?? null, height: height ?? null });
      if (prompts.length >= limit) break;
    }
  } finally {
    // Stopping early: close the file as well as the decompressor.
    stream.destroy();
    raw.destroy();
  }
  if (prompts.length === 0) throw new Error(`${file} holds no prompts`);
  const distinct = prompts.length;
  for (let i = 0; prompts.length < limit; i++) prompts.push(prompts[i]!);
  return { prompts, distinct };
}

/** The synthetic corpus (bench/search-corpus.ts) in the same shape. */
export function syntheticPromptCorpus(count: number, seed: number): PromptCorpus {
  const prompts = generateSearchDocuments(count, seed).map((doc) => ({
    prompt: doc.prompt,
    negativePrompt: doc.negativePrompt,
    model: doc.model,
    width: doc.width,
    height: doc.height,
  }));
  return { prompts, distinct: prompts.length };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** By the gzip magic bytes rather than the file name. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
