import { describe, expect, it } from 'vitest';
import { parseNovelAiMetadata } from '../../../crawlers/metadata/novelai-comment.ts';
import { NOVELAI_COMMENT, NOVELAI_PROMPT } from './fixtures/generator-samples.ts';

describe('parseNovelAiMetadata', () => {
  it('reads the prompt from Description and the settings from the Comment JSON', () => {
    const metadata = parseNovelAiMetadata({
      software: 'NovelAI',
      description: NOVELAI_PROMPT,
      comment: JSON.stringify(NOVELAI_COMMENT),
      source: 'NovelAI Diffusion V4.5 4BFE7A7A',
    });

    expect(metadata).toEqual({
      generator: 'novelai',
      prompt: NOVELAI_PROMPT,
      negativePrompt: 'lowres, bad anatomy, bad hands',
      model: 'NovelAI Diffusion V4.5 4BFE7A7A',
      resources: [],
      params: {
        generator: 'NovelAI',
        seed: 3123456789,
        steps: 28,
        cfgScale: 5,
        sampler: 'k_euler_ancestral',
        scheduler: 'karras',
        size: '832x1216',
        uncond_scale: 0,
        cfg_rescale: 0,
        n_samples: 1,
        request_type: 'PromptGenerateRequest',
      },
    });
  });

  it('recognises a NovelAI comment when Software was stripped, and drops wrongly typed fields', () => {
    const comment = JSON.stringify({ ...NOVELAI_COMMENT, steps: 'twenty', width: null });

    const metadata = parseNovelAiMetadata({ comment });

    expect(metadata).toMatchObject({
      generator: 'novelai',
      prompt: NOVELAI_PROMPT,
      negativePrompt: 'lowres, bad anatomy, bad hands',
      params: { seed: 3123456789, cfgScale: 5, sampler: 'k_euler_ancestral', scheduler: 'karras' },
    });
    expect(metadata?.params).not.toHaveProperty('steps');
    expect(metadata?.params).not.toHaveProperty('size');
  });

  it('keeps the Description when the Comment is not JSON, and ignores other software', () => {
    expect(parseNovelAiMetadata({ software: 'NovelAI', description: 'a prompt', comment: '{broken' })).toEqual({
      generator: 'novelai',
      prompt: 'a prompt',
      resources: [],
      params: { generator: 'NovelAI' },
    });
    expect(parseNovelAiMetadata({ software: 'GIMP 2.10', description: 'holiday photo', comment: 'made with GIMP' })).toBeUndefined();
  });
});
