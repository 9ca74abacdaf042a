import { describe, expect, it } from 'vitest';
import { readPostPrompt } from '../../../crawlers/post-text/read-post-prompt.ts';

describe('reading a prompt from a social post', () => {
  it('reads Prompt:, Negative prompt:, Model: and Seed: lines and leaves the hashtags out', () => {
    const read = readPostPrompt({
      text: 'Morning light over the harbour 🌅\n\nPrompt: a fishing harbour at dawn, volumetric fog, golden hour #aiart\nNegative prompt: blurry, lowres\nModel: Juggernaut XL v9\nSeed: 1234567\n\n#aiart #stablediffusion @friend https://t.co/AbC123',
    });
    expect(read).toEqual({
      prompt: 'a fishing harbour at dawn, volumetric fog, golden hour',
      negativePrompt: 'blurry, lowres',
      model: 'Juggernaut XL v9',
      params: { seed: 1234567 },
      description: null,
      tags: ['aiart', 'stablediffusion'],
    });
  });

  it('reads an A1111 parameters block pasted into a post after the author’s own words', () => {
    const read = readPostPrompt({
      text: [
        'Finally happy with this one! Settings below:',
        'masterpiece, 1girl, cherry blossoms, (watercolor:1.2), <lora:inkwash:0.7>',
        'Negative prompt: worst quality, (bad hands:1.3)',
        'Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 99887766, Size: 832x1216, Model hash: 1a2b3c4d, Model: animagineXL',
        '#AIイラスト #sdxl',
      ].join('\n'),
    });
    expect(read.prompt).toBe('masterpiece, 1girl, cherry blossoms, (watercolor:1.2), <lora:inkwash:0.7>');
    expect(read.negativePrompt).toBe('worst quality, (bad hands:1.3)');
    expect(read.model).toBe('animagineXL');
    expect(read.params).toMatchObject({ steps: 28, sampler: 'DPM++ 2M Karras', cfgScale: 6.5, seed: 99887766, size: '832x1216', modelHash: '1a2b3c4d' });
    expect(read.params).not.toHaveProperty('generator');
    expect(read.tags).toEqual(['AIイラスト', 'sdxl']);
  });

  it('reads "prompt ->" and a prompt written on the lines after its label', () => {
    expect(readPostPrompt({ text: 'new one\nprompt -> a red fox sleeping in snow, soft light\n#flux' })).toMatchObject({
      prompt: 'a red fox sleeping in snow, soft light',
      model: 'FLUX',
    });
    expect(readPostPrompt({ text: '🎨 Prompt:\na lighthouse on a cliff,\nstormy sea, oil painting\n\nthanks for looking!' }).prompt).toBe(
      'a lighthouse on a cliff,\nstormy sea, oil painting',
    );
  });

  it('reads a Midjourney /imagine line and one-line "Prompt | Model | Seed" posts', () => {
    expect(readPostPrompt({ text: '/imagine prompt: a brutalist library in the clouds --ar 16:9 --v 6 #midjourney' })).toMatchObject({
      prompt: 'a brutalist library in the clouds --ar 16:9 --v 6',
      model: 'Midjourney',
    });
    expect(readPostPrompt({ text: 'Prompt: neon koi pond | Model: SDXL 1.0 | Seed: 42 | Steps: 30' })).toMatchObject({
      prompt: 'neon koi pond',
      model: 'SDXL 1.0',
      params: { seed: 42, steps: 30 },
    });
  });

  it('prefers the image’s alt text to the post text, and fills the rest from the post', () => {
    const read = readPostPrompt({
      text: 'Two takes on the same idea.\nModel: Flux dev #aiart',
      altText: 'Prompt: a paper boat on a puddle, macro photo\nSeed: 7',
    });
    expect(read).toMatchObject({ prompt: 'a paper boat on a puddle, macro photo', model: 'Flux dev', params: { seed: 7 } });
  });

  it('names the model from a model hashtag only when nothing better is given', () => {
    expect(readPostPrompt({ text: 'Prompt: a cat astronaut #midjourney' }).model).toBe('Midjourney');
    expect(readPostPrompt({ text: 'Prompt: a cat astronaut\nModel: DreamShaper 8 #midjourney' }).model).toBe('DreamShaper 8');
    expect(readPostPrompt({ text: 'Prompt: a cat astronaut #aiart' }).model).toBeNull();
  });

  it('keeps a post without a prompt as its description, without hashtags, mentions or links', () => {
    const read = readPostPrompt({
      text: 'Spent all evening on this one, what do you think @someone@mastodon.social? https://example.com/gallery #aiart #StableDiffusion',
      altText: 'A castle made of glass on a frozen lake',
    });
    expect(read).toMatchObject({
      prompt: '',
      negativePrompt: null,
      model: 'Stable Diffusion',
      description: 'Spent all evening on this one, what do you think?\n\nA castle made of glass on a frozen lake',
      tags: ['aiart', 'StableDiffusion'],
    });
  });

  it('does not take a prompt that is only hashtags and links, nor a label in running text', () => {
    expect(readPostPrompt({ text: 'Prompt: #aiart #art https://t.co/x' }).prompt).toBe('');
    expect(readPostPrompt({ text: 'I love how the model handles light here' }).model).toBeNull();
    expect(readPostPrompt({ text: 'Seed: not telling 😄' }).params).toEqual({});
  });

  it('keeps colour codes out of the tags and mentions of Bluesky handles out of the prompt', () => {
    const read = readPostPrompt({ text: 'Prompt: portrait in #ff8800 tones by @painter.bsky.social, studio light' });
    expect(read.prompt).toBe('portrait in tones by, studio light');
    expect(read.tags).toEqual(['ff8800']);
  });
});
