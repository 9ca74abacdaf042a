import { a1111GenerationMetadata, parseA1111Parameters } from '../metadata/a1111-parameters.ts';
import { cleanMetadataText, METADATA_LIMITS } from '../metadata/generation-metadata.ts';
import { hashtagsOf, modelFromHashtags, stripPostTokens } from './post-text-tokens.ts';

/** What a social post says about how its picture was made, as the artwork record wants it. */
export interface PostPrompt {
  /** '' when the post gives none (the artwork page then says the prompt is unknown). */
  prompt: string;
  negativePrompt: string | null;
  model: string | null;
  params: Record<string, string | number>;
  /** The post's own words (and the image's alt text) when it gives no prompt. */
  description: string | null;
  /** Hashtags, as written, without '#'. */
  tags: string[];
}

interface Conventions {
  prompt?: string;
  negativePrompt?: string;
  model?: string;
  params: Record<string, string | number>;
}

/**
 * Reads the conventions people use to share a prompt in a post or an image's alt text:
 * `Prompt: …` / `prompt ->` / `/imagine prompt: …` lines, `Negative prompt:`, `Model:`,
 * `Seed:`, `Steps:`, `Sampler:`, `CFG:` lines, and A1111 parameter blocks pasted whole.
 * The alt text (one image's own) is read before the post text. Hashtags, mentions and links
 * are never part of a prompt; a hashtag naming a model is the model when nothing better is said.
 */
export function readPostPrompt(post: { text: string; altText?: string | null | undefined }): PostPrompt {
  const texts = [post.altText ?? '', post.text].map(normalizeText).filter((text) => text !== '');
  const readings = texts.map(readConventions);
  const withPrompt = readings.find((reading) => reading.prompt);
  const ordered = withPrompt ? [withPrompt, ...readings.filter((reading) => reading !== withPrompt)] : readings;
  const tags = hashtagsOf(texts.join('\n'));
  const prompt = cap(withPrompt?.prompt, METADATA_LIMITS.promptChars) ?? '';
  const params: Record<string, string | number> = {};
  for (const reading of [...ordered].reverse()) Object.assign(params, reading.params);
  const description = prompt
    ? null
    : cap(
        [post.text, post.altText ?? '']
          .map((text) => stripPostTokens(normalizeText(text)))
          .filter((text, index, all) => text !== '' && all.indexOf(text) === index)
          .join('\n\n'),
        METADATA_LIMITS.promptChars,
      ) ?? null;
  return {
    prompt,
    negativePrompt: cap(ordered.find((reading) => reading.negativePrompt)?.negativePrompt, METADATA_LIMITS.promptChars) ?? null,
    model: cap(ordered.find((reading) => reading.model)?.model ?? modelFromHashtags(tags), METADATA_LIMITS.modelChars) ?? null,
    params,
    description,
    tags: tags.map((tag) => tag.slice(0, 100)).slice(0, 100),
  };
}

function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function cap(value: string | undefined, maxChars: number): string | undefined {
  return cleanMetadataText(value, maxChars);
}

type Label = 'prompt' | 'negativePrompt' | 'model' | 'seed' | 'steps' | 'sampler' | 'cfgScale' | 'size';

const LABELS: [RegExp, Label][] = [
  [/^negative(?:[ _]prompts?)?$|^neg(?:ative)?[ _]?prompts?$|^neg$/, 'negativePrompt'],
  [/^(?:\/?imagine )?(?:positive )?prompts?$/, 'prompt'],
  [/^(?:model|checkpoint|ckpt|base model)$/, 'model'],
  [/^seed$/, 'seed'],
  [/^steps$/, 'steps'],
  [/^sampler$/, 'sampler'],
  [/^(?:cfg|cfg scale|guidance(?: scale)?)$/, 'cfgScale'],
  [/^(?:size|resolution)$/, 'size'],
];

/** "🎨 Prompt: …", "**Negative prompt** -> …", "/imagine prompt: …": a label, a separator, the value. */
const LABELLED = /^[^\p{L}\p{N}/]{0,8}(\/?[\p{L} _]{2,30}?)[^\p{L}\p{N}\s]{0,2}\s*(?::|->|=>|→|=)\s*(.*)$/u;

function labelOf(line: string): { label: Label; value: string } | undefined {
  const match = LABELLED.exec(line.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase().replace(/\s+/g, ' ').trim();
  const found = LABELS.find(([pattern]) => pattern.test(name));
  return found ? { label: found[1], value: match[2]!.trim() } : undefined;
}

/** Segments of a line written "Prompt: … | Model: … | Seed: …". */
function segmentsOf(line: string): string[] {
  return line.split(/\s+[|•]\s+/);
}

function readConventions(text: string): Conventions {
  const lines = text.split('\n');
  return readA1111Block(lines) ?? readLabelledLines(lines);
}

/**
 * An A1111 parameters text pasted into a post: its settings line (Steps:, Sampler:, Seed: …)
 * closes the block; the block starts at a `Prompt:` line or at the first line after the
 * post's own words (a line ending in ':' — "prompt below:" — or a blank line).
 */
function readA1111Block(lines: string[]): Conventions | undefined {
  const settingsAt = lines.findLastIndex((line) => {
    const parsed = parseA1111Parameters(line.trim());
    return parsed.hasSettingsLine && parsed.prompt === '';
  });
  if (settingsAt === -1) return undefined;
  let start = settingsAt;
  while (start > 0) {
    const above = lines[start - 1]!.trim();
    if (above === '' || above.endsWith(':') || stripPostTokens(above) === '') break;
    start -= 1;
    const labelled = labelOf(above);
    if (labelled?.label === 'prompt') break;
  }
  const blockLines = lines.slice(start, settingsAt + 1).map((line, index) => {
    const labelled = labelOf(line);
    if (labelled?.label === 'prompt' && index === 0) return labelled.value;
    if (labelled?.label === 'negativePrompt') return `Negative prompt: ${labelled.value}`;
    return line.trim();
  });
  const metadata = a1111GenerationMetadata(parseA1111Parameters(blockLines.join('\n')));
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(metadata.params)) {
    if (key !== 'generator' && value !== undefined) params[key] = value;
  }
  return {
    prompt: cleanPrompt(metadata.prompt),
    negativePrompt: cleanPrompt(metadata.negativePrompt),
    model: metadata.model,
    params,
  };
}

function readLabelledLines(lines: string[]): Conventions {
  const found: Conventions = { params: {} };
  let open: 'prompt' | 'negativePrompt' | undefined;
  const collected: Partial<Record<'prompt' | 'negativePrompt', string[]>> = {};

  for (const line of lines) {
    const trimmed = line.trim();
    const segments = segmentsOf(trimmed).map((segment) => ({ segment, labelled: labelOf(segment) }));
    if (segments.every(({ labelled }) => !labelled)) {
      // A prompt goes on over the next lines until a blank line, a label or a line of only hashtags and links.
      if (open && trimmed !== '' && stripPostTokens(trimmed) !== '') collected[open]!.push(trimmed);
      else open = undefined;
      continue;
    }
    open = undefined;
    for (const { labelled } of segments) {
      if (!labelled) continue;
      const { label, value } = labelled;
      if (label === 'prompt' || label === 'negativePrompt') {
        if (collected[label]) continue;
        collected[label] = value ? [value] : [];
        open = label;
      } else if (label === 'model') {
        found.model ??= stripPostTokens(value) || undefined;
      } else {
        const param = paramValue(label, stripPostTokens(value));
        if (param !== undefined) found.params[label] ??= param;
      }
    }
  }
  found.prompt = cleanPrompt(collected.prompt?.join('\n'));
  found.negativePrompt = cleanPrompt(collected.negativePrompt?.join('\n'));
  return found;
}

function paramValue(label: Exclude<Label, 'prompt' | 'negativePrompt' | 'model'>, value: string): string | number | undefined {
  const first = value.split(/[\s,;]+/)[0] ?? '';
  switch (label) {
    case 'seed': {
      if (!/^\d{1,20}$/.test(first)) return undefined;
      const seed = Number(first);
      return Number.isSafeInteger(seed) ? seed : first;
    }
    case 'steps':
      return /^\d{1,4}$/.test(first) ? Number(first) : undefined;
    case 'cfgScale':
      return /^\d{1,3}(?:\.\d+)?$/.test(first) ? Number(first) : undefined;
    case 'size': {
      const size = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/i.exec(value.trim());
      return size ? `${size[1]}x${size[2]}` : undefined;
    }
    case 'sampler':
      return value ? value.slice(0, 100) : undefined;
  }
}

function cleanPrompt(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return stripPostTokens(text).replace(/^["“”']+|["“”']+$/g, '').trim() || undefined;
}
