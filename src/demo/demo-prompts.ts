import { DEMO_MOODS, DEMO_SCENES, type DemoMood, type DemoScene } from './demo-images.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

/** How a model is usually prompted and which generation parameters its sites record. */
type ModelFamily = 'stable-diffusion' | 'pony' | 'flux' | 'midjourney' | 'dalle';

const MODELS: readonly (readonly [{ name: string; family: ModelFamily }, number])[] = [
  [{ name: 'SDXL 1.0', family: 'stable-diffusion' }, 26],
  [{ name: 'Flux.1 [dev]', family: 'flux' }, 20],
  [{ name: 'Midjourney v6', family: 'midjourney' }, 16],
  [{ name: 'Stable Diffusion 1.5', family: 'stable-diffusion' }, 14],
  [{ name: 'Pony Diffusion V6', family: 'pony' }, 12],
  [{ name: 'DALL·E 3', family: 'dalle' }, 12],
];

/** The sizes these models are commonly run at, with the ratio people type for them. */
const SIZES = [
  { width: 1024, height: 1024, ratio: '1:1' },
  { width: 832, height: 1216, ratio: '2:3' },
  { width: 896, height: 1152, ratio: '3:4' },
  { width: 1216, height: 832, ratio: '3:2' },
  { width: 1344, height: 768, ratio: '16:9' },
] as const;

interface Phrase {
  text: string;
  tags: readonly string[];
}

/** Subjects grouped by the scene the picture renderer can draw for them. */
const SUBJECTS: Record<DemoScene, readonly Phrase[]> = {
  hills: [
    { text: 'a misty mountain valley at dawn', tags: ['landscape', 'mountains'] },
    { text: 'rolling hills under a giant sun', tags: ['landscape', 'hills', 'sun'] },
    { text: 'desert dunes stretching to the horizon', tags: ['landscape', 'desert'] },
    { text: 'layered mountain ridges fading into fog', tags: ['landscape', 'mountains', 'fog'] },
    { text: 'an alien canyon under a pale star', tags: ['sci-fi', 'landscape'] },
    { text: 'a quiet highland pass after the rain', tags: ['landscape', 'mountains'] },
  ],
  orbs: [
    { text: 'floating glass spheres in an empty room', tags: ['abstract', 'spheres'] },
    { text: 'a cluster of iridescent soap bubbles', tags: ['abstract', 'bubbles'] },
    { text: 'levitating marble orbs', tags: ['abstract', 'still life', 'spheres'] },
    { text: 'glowing paper lanterns drifting in the dark', tags: ['lanterns', 'night'] },
    { text: 'candy-coloured spheres in a minimal composition', tags: ['abstract', 'minimal', 'spheres'] },
  ],
  tiles: [
    { text: 'a bauhaus geometric poster', tags: ['geometric', 'poster', 'bauhaus'] },
    { text: 'a mid-century modern tile pattern', tags: ['pattern', 'geometric', 'mid-century'] },
    { text: 'an abstract mosaic of circles and triangles', tags: ['abstract', 'geometric', 'mosaic'] },
    { text: 'a quilt of bold geometric shapes', tags: ['pattern', 'textile', 'geometric'] },
    { text: 'a modernist wall mural', tags: ['mural', 'geometric'] },
  ],
  waves: [
    { text: 'stylized ocean waves at sunset', tags: ['seascape', 'waves', 'sunset'] },
    { text: 'layers of silk ribbons flowing in the wind', tags: ['abstract', 'fabric'] },
    { text: 'a calm lake reflecting pastel clouds', tags: ['landscape', 'lake', 'clouds'] },
    { text: 'a woodblock print of a rolling sea', tags: ['seascape', 'waves', 'woodblock'] },
    { text: 'the striped walls of a painted canyon', tags: ['landscape', 'canyon'] },
  ],
  stars: [
    { text: 'a swirling nebula in deep space', tags: ['space', 'nebula'] },
    { text: 'a distant planet under a sky full of stars', tags: ['space', 'planet', 'sci-fi'] },
    { text: 'the milky way over a silent void', tags: ['space', 'stars'] },
    { text: 'cosmic dust clouds around newborn stars', tags: ['space', 'nebula', 'stars'] },
    { text: 'fireflies drifting through a dark forest', tags: ['night', 'fantasy', 'forest'] },
  ],
  sunburst: [
    { text: 'a retro sunset poster with sun rays', tags: ['retro', 'poster', 'sunset'] },
    { text: 'a vintage travel poster of a sunrise over the sea', tags: ['retro', 'poster', 'travel'] },
    { text: 'an art deco sunrise', tags: ['art deco', 'sunrise'] },
    { text: 'a synthwave sun over a dark horizon', tags: ['synthwave', 'retro', 'sun'] },
    { text: 'a seventies psychedelic sunburst', tags: ['psychedelic', 'retro', '70s'] },
  ],
};

const STYLES: readonly Phrase[] = [
  { text: 'digital painting', tags: ['digital art'] },
  { text: 'oil painting', tags: ['painting', 'oil'] },
  { text: 'watercolor', tags: ['watercolor'] },
  { text: 'gouache illustration', tags: ['illustration', 'gouache'] },
  { text: 'flat vector illustration', tags: ['illustration', 'vector'] },
  { text: 'minimalist poster', tags: ['minimal', 'poster'] },
  { text: 'isometric 3d render', tags: ['3d render'] },
  { text: 'paper cut-out art', tags: ['papercraft'] },
  { text: 'screen print', tags: ['print'] },
  { text: 'matte painting', tags: ['painting', 'concept art'] },
  { text: 'risograph print', tags: ['print', 'risograph'] },
  { text: 'concept art', tags: ['concept art'] },
];

/** Lighting sets the mood, and the mood picks the picture's palette. */
const LIGHTING: Record<DemoMood, readonly string[]> = {
  warm: ['golden hour light', 'warm sunset glow', 'soft candlelight', 'late afternoon sun'],
  cool: ['cold morning light', 'overcast diffuse light', 'blue hour', 'soft morning fog'],
  vivid: ['neon glow', 'vibrant studio lighting', 'iridescent highlights', 'electric colors'],
  pastel: ['pastel twilight', 'soft pastel light', 'dreamy haze', 'gentle diffused daylight'],
  moody: ['moonlight', 'dramatic rim lighting', 'chiaroscuro lighting', 'deep shadows'],
  verdant: ['dappled sunlight', 'lush green light', 'spring morning light', 'forest shade'],
};

const DESCRIPTORS = [
  'highly detailed', 'intricate', 'serene', 'atmospheric', 'cinematic composition', 'wide angle',
  'symmetrical', 'rule of thirds', 'volumetric light', 'depth of field', 'soft gradients', 'bold shapes',
  'clean lines', 'dreamy', 'ethereal', 'muted tones', 'high contrast', 'textured paper', 'film grain',
  'minimalist', 'vast scale', 'tranquil', 'moody atmosphere', 'vibrant colors', 'negative space',
] as const;

const QUALITY_TAGS = ['masterpiece', 'best quality', 'ultra detailed', '8k', 'sharp focus', 'high resolution', 'award-winning'] as const;
const PONY_SCORE_TAGS = 'score_9, score_8_up, score_7_up';
const NEGATIVE_TAGS = [
  'blurry', 'lowres', 'worst quality', 'low quality', 'jpeg artifacts', 'watermark', 'signature', 'text',
  'deformed', 'oversaturated', 'cropped', 'out of frame', 'noise', 'bad composition',
] as const;
const SAMPLERS = ['Euler a', 'DPM++ 2M Karras', 'DPM++ SDE Karras', 'DDIM', 'UniPC', 'DPM++ 2M SDE'] as const;

const MIN_WORDS = 10;
const MAX_WORDS = 40;

export interface DemoPrompt {
  model: string;
  prompt: string;
  negativePrompt: string | null;
  params: Record<string, string | number | boolean>;
  tags: string[];
  width: number;
  height: number;
  /** What the picture should show, so the image matches its prompt. */
  scene: DemoScene;
  mood: DemoMood;
}

/** A plausible generation request (model, prompt, parameters), the same for the same seed. */
export function generateDemoPrompt(seed: number): DemoPrompt {
  const random = createSeededRandom(seed);
  const { name: model, family } = random.weighted(MODELS);
  const size = random.pick(SIZES);
  const scene = random.pick(DEMO_SCENES);
  const mood = random.pick(DEMO_MOODS);
  const subject = random.pick(SUBJECTS[scene]);
  const style = random.pick(STYLES);
  const parts: PromptParts = {
    subject: subject.text,
    style: style.text,
    lighting: random.pick(LIGHTING[mood]),
    descriptors: random.sample(DESCRIPTORS, random.int(2, 4)),
    quality: random.sample(QUALITY_TAGS, random.int(1, 3)),
  };
  return {
    model,
    prompt: fitWordCount(parts, (fitted) => formatPrompt(family, fitted, size.ratio, random)),
    negativePrompt: negativePrompt(family, random),
    params: generationParams(family, random, `${size.width}x${size.height}`),
    tags: [...new Set([...subject.tags, ...style.tags])],
    width: size.width,
    height: size.height,
    scene,
    mood,
  };
}

interface PromptParts {
  subject: string;
  style: string;
  lighting: string;
  descriptors: string[];
  quality: string[];
}

function formatPrompt(family: ModelFamily, parts: PromptParts, ratio: string, random: SeededRandom): string {
  const { subject, style, lighting, descriptors, quality } = parts;
  switch (family) {
    case 'stable-diffusion':
      return [...quality, subject, style, lighting, ...descriptors].join(', ');
    case 'pony':
      return [PONY_SCORE_TAGS, subject, style, lighting, ...descriptors].join(', ');
    case 'midjourney':
      return `${[subject, style, lighting, ...descriptors].join(', ')} --ar ${ratio} --v 6${random.chance(0.4) ? ' --style raw' : ''}`;
    case 'flux':
    case 'dalle':
      // Natural-language models are prompted in sentences rather than tag lists.
      return `${capitalize(subject)}, ${random.pick(['rendered as', 'in the style of', 'as'])} ${withArticle(style)}, ${lighting}. ${capitalize(descriptors.join(', '))}.`;
  }
}

/** Drops or adds descriptors until the prompt has a realistic length. */
function fitWordCount(parts: PromptParts, format: (parts: PromptParts) => string): string {
  const fitted = { ...parts, descriptors: [...parts.descriptors] };
  let prompt = format(fitted);
  while (wordCount(prompt) > MAX_WORDS && fitted.descriptors.length > 1) {
    fitted.descriptors.pop();
    prompt = format(fitted);
  }
  for (const extra of DESCRIPTORS) {
    if (wordCount(prompt) >= MIN_WORDS) break;
    if (fitted.descriptors.includes(extra)) continue;
    fitted.descriptors.push(extra);
    prompt = format(fitted);
  }
  return prompt;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function negativePrompt(family: ModelFamily, random: SeededRandom): string | null {
  // Only the diffusion checkpoints take a negative prompt; hosted models do not.
  if (family !== 'stable-diffusion' && family !== 'pony') return null;
  if (!random.chance(0.65)) return null;
  const tags = random.sample(NEGATIVE_TAGS, random.int(4, 9));
  return family === 'pony' ? ['score_4', 'score_5', 'score_6', ...tags].join(', ') : tags.join(', ');
}

function generationParams(family: ModelFamily, random: SeededRandom, size: string): DemoPrompt['params'] {
  const seed = random.int(0, 2 ** 32 - 1);
  switch (family) {
    case 'stable-diffusion':
    case 'pony':
      return {
        seed,
        steps: random.int(20, 40),
        sampler: random.pick(SAMPLERS),
        cfgScale: random.int(10, 18) / 2,
        size,
        ...(family === 'pony' ? { clipSkip: 2 } : {}),
      };
    case 'flux':
      // Flux dev is distilled: CFG stays at 1 and "guidance" does the steering.
      return { seed, steps: random.int(20, 32), sampler: 'Euler', cfgScale: 1, guidance: random.pick([3, 3.5, 4]), size };
    case 'midjourney':
      return { stylize: random.pick([100, 250, 500, 750]), chaos: random.pick([0, 0, 5, 10, 20]), version: '6', size };
    case 'dalle':
      return { quality: random.pick(['hd', 'standard']), style: random.pick(['vivid', 'natural']), size };
  }
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
