/**
 * The parts of a social post that are never part of a prompt: hashtags, mentions (X's @name,
 * Mastodon's @name@instance, Bluesky's @name.bsky.social) and links.
 */
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const HASHTAG = /(^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]{1,100})/gu;
const MENTION = /(^|[^\p{L}\p{N}_./@])@[\p{L}\p{N}_]{1,64}(?:[.@-][\p{L}\p{N}_-]{1,253})*/gu;

/** The post's hashtags as written (without '#'), each once whatever its case, in order. */
export function hashtagsOf(text: string): string[] {
  const seen = new Map<string, string>();
  for (const match of text.replace(LINK, ' ').matchAll(HASHTAG)) {
    const tag = match[2]!;
    if (!/^\d+$/.test(tag) && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  return [...seen.values()];
}

/** The text without hashtags, mentions and links; spaces tidied, lines kept. */
export function stripPostTokens(text: string): string {
  return text
    .replace(LINK, ' ')
    .replace(HASHTAG, '$1')
    .replace(MENTION, '$1')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').replace(/\s+([,.;:!?])(?=\s|$)/g, '$1').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Hashtags that name the model when the post names none (case and separators ignored). */
const MODEL_HASHTAGS: Record<string, string> = {
  midjourney: 'Midjourney',
  midjourneyv6: 'Midjourney v6',
  midjourneyv7: 'Midjourney v7',
  nijijourney: 'Niji Journey',
  stablediffusion: 'Stable Diffusion',
  sdxl: 'SDXL',
  sd15: 'Stable Diffusion 1.5',
  sd3: 'Stable Diffusion 3',
  flux: 'FLUX',
  fluxai: 'FLUX',
  flux1: 'FLUX.1',
  fluxdev: 'FLUX.1 [dev]',
  fluxpro: 'FLUX.1 [pro]',
  dalle: 'DALL·E',
  dalle3: 'DALL·E 3',
  ideogram: 'Ideogram',
  leonardoai: 'Leonardo',
  adobefirefly: 'Adobe Firefly',
  firefly: 'Adobe Firefly',
  imagen: 'Imagen',
  novelai: 'NovelAI',
};

export function modelFromHashtags(tags: string[]): string | undefined {
  for (const tag of tags) {
    const model = MODEL_HASHTAGS[tag.toLowerCase().replace(/[_-]/g, '')];
    if (model) return model;
  }
  return undefined;
}
