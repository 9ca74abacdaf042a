import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readGenerationMetadata } from '../../../crawlers/metadata/read-generation-metadata.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';
import {
  A1111_FULL_PARAMETERS,
  A1111_WITHOUT_NEGATIVE,
  COMFYUI_API_PROMPT,
  COMFYUI_UI_WORKFLOW,
  NOVELAI_COMMENT,
  NOVELAI_PROMPT,
} from './fixtures/generator-samples.ts';
import { exifSegment, jpegWithSegments, xmpSegment } from './fixtures/jpeg-fixture.ts';
import { compressedTextChunk, internationalTextChunk, pngWithChunks, textChunk } from './fixtures/png-fixture.ts';
import { randomBytesFromSeed } from './fixtures/seeded-random.ts';
import { webpWithMetadata } from './fixtures/webp-fixture.ts';
import { TRAINED_ALGORITHMIC_MEDIA, xmpPacket } from './fixtures/xmp-fixture.ts';

describe('readGenerationMetadata: PNG', () => {
  it('reads A1111 parameters', async () => {
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', A1111_FULL_PARAMETERS)));

    expect(metadata).toMatchObject({
      generator: 'a1111',
      prompt: expect.stringContaining('a lighthouse on a cliff,\nstormy sea'),
      negativePrompt: 'lowres, blurry,\nwatermark, text',
      model: 'sd_xl_base_1.0',
      params: { steps: 28, cfgScale: 6.5, seed: 1234567890, size: '832x1216', modelHash: '31e35c80fc', Version: 'v1.10.1' },
    });
  });

  it('reads A1111 parameters written as iTXt (non-Latin-1 prompts)', async () => {
    const png = await pngWithChunks(internationalTextChunk('parameters', `桜の木\n${A1111_WITHOUT_NEGATIVE.split('\n')[1]}`, { compressed: false }));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'a1111', prompt: '桜の木', params: { steps: 20 } });
  });

  it('reads ComfyUI prompt and workflow chunks, preferring the prompt', async () => {
    const png = await pngWithChunks(
      textChunk('prompt', JSON.stringify(COMFYUI_API_PROMPT)),
      textChunk('workflow', JSON.stringify(COMFYUI_UI_WORKFLOW)),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'comfyui',
      prompt: 'a glass bottle holding a purple galaxy\ngolden hour',
      model: 'juggernautXL_v9.safetensors',
    });
  });

  it('reads a ComfyUI workflow-only PNG', async () => {
    const png = await pngWithChunks(compressedTextChunk('workflow', JSON.stringify(COMFYUI_UI_WORKFLOW)));

    expect(readGenerationMetadata(png)).toMatchObject({ generator: 'comfyui', prompt: 'a red fox in tall grass' });
  });

  it('falls through an invalid ComfyUI chunk to the next format', async () => {
    const png = await pngWithChunks(textChunk('prompt', '{"3": [unclosed'), textChunk('Software', 'NovelAI'), textChunk('Description', 'fallback prompt'));

    expect(readGenerationMetadata(png)).toEqual({ generator: 'novelai', prompt: 'fallback prompt', resources: [], params: { generator: 'NovelAI' } });
  });

  it('reads NovelAI chunks', async () => {
    const png = await pngWithChunks(
      textChunk('Title', 'AI generated image'),
      textChunk('Description', NOVELAI_PROMPT),
      textChunk('Software', 'NovelAI'),
      textChunk('Source', 'Stable Diffusion XL C1E1DE52'),
      textChunk('Comment', JSON.stringify(NOVELAI_COMMENT)),
    );

    expect(readGenerationMetadata(png)).toMatchObject({
      generator: 'novelai',
      prompt: NOVELAI_PROMPT,
      negativePrompt: 'lowres, bad anatomy, bad hands',
      model: 'Stable Diffusion XL C1E1DE52',
      params: { steps: 28, cfgScale: 5, seed: 3123456789 },
    });
  });

  it('reads an XMP packet from iTXt when it marks the image as generated', async () => {
    const generated = xmpPacket({ description: 'a misty forest', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA });
    const png = await pngWithChunks(internationalTextChunk('XML:com.adobe.xmp', generated, { compressed: false }));
    const plain = await pngWithChunks(internationalTextChunk('XML:com.adobe.xmp', xmpPacket({ description: 'a misty forest' }), { compressed: false }));

    expect(readGenerationMetadata(png)).toEqual({ generator: 'unknown', prompt: 'a misty forest', resources: [], params: { generator: 'Unknown' } });
    expect(readGenerationMetadata(plain)).toBeUndefined();
  });

  it('returns what was read from a PNG truncated mid-chunk', async () => {
    const png = await pngWithChunks(textChunk('parameters', A1111_WITHOUT_NEGATIVE), textChunk('prompt', JSON.stringify(COMFYUI_API_PROMPT)));
    const truncated = png.subarray(0, png.indexOf('"class_type"'));

    expect(readGenerationMetadata(truncated)).toMatchObject({ generator: 'a1111', prompt: 'a watercolor fox in the snow' });
  });

  it('returns undefined for a PNG without generation metadata', async () => {
    expect(readGenerationMetadata(await pngWithChunks(textChunk('Software', 'GIMP')))).toBeUndefined();
  });
});

describe('readGenerationMetadata: JPEG', () => {
  it('reads A1111 parameters from an ASCII UserComment', async () => {
    const jpeg = await jpegWithSegments(exifSegment(exifTiff({ userComment: asciiUserComment(A1111_WITHOUT_NEGATIVE) })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({
      generator: 'a1111',
      prompt: 'a watercolor fox in the snow',
      model: 'dreamshaper_8',
      params: { seed: 42, size: '512x512' },
    });
  });

  for (const byteOrder of ['little', 'big'] as const) {
    it(`reads a UNICODE (UTF-16 ${byteOrder}-endian) UserComment`, async () => {
      const tiff = exifTiff({ byteOrder, userComment: unicodeUserComment(A1111_FULL_PARAMETERS, byteOrder) });
      const metadata = readGenerationMetadata(await jpegWithSegments(exifSegment(tiff)));

      expect(metadata).toMatchObject({ generator: 'a1111', negativePrompt: 'lowres, blurry,\nwatermark, text', params: { steps: 28 } });
    });
  }

  it('takes a plain UserComment or ImageDescription for a prompt only when Software names an AI tool', async () => {
    const withComment = await jpegWithSegments(exifSegment(exifTiff({ imageDescription: 'title', userComment: asciiUserComment('a paper boat') })));
    const withDescription = await jpegWithSegments(exifSegment(exifTiff({ imageDescription: 'a paper crane' })));
    const fromTool = await jpegWithSegments(exifSegment(exifTiff({ software: 'Draw Things', userComment: asciiUserComment('a paper boat') })));

    expect(readGenerationMetadata(withComment)).toBeUndefined();
    expect(readGenerationMetadata(withDescription)).toBeUndefined();
    expect(readGenerationMetadata(fromTool)).toMatchObject({ generator: 'draw-things', prompt: 'a paper boat' });
  });

  it('reads the XMP description of an image its CreatorTool says was generated', async () => {
    const jpeg = await jpegWithSegments(xmpSegment(xmpPacket({ description: 'a neon alley at night', creatorTool: 'Midjourney' })));

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'midjourney', prompt: 'a neon alley at night' });
  });

  it('prefers A1111 parameters found in XMP over a plain EXIF description', async () => {
    const jpeg = await jpegWithSegments(
      exifSegment(exifTiff({ imageDescription: 'untitled' })),
      xmpSegment(xmpPacket({ userComment: A1111_WITHOUT_NEGATIVE })),
    );

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'a1111', prompt: 'a watercolor fox in the snow' });
  });

  it('reads EXIF that sharp itself wrote', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .jpeg()
      .withExif({ IFD2: { UserComment: A1111_WITHOUT_NEGATIVE } })
      .toBuffer();

    expect(readGenerationMetadata(jpeg)).toMatchObject({ generator: 'a1111', params: { steps: 20, seed: 42 } });
  });
});

describe('readGenerationMetadata: WebP', () => {
  it('reads EXIF and XMP chunks of an extended WebP built by hand', async () => {
    const webp = await webpWithMetadata({
      exif: exifTiff({ byteOrder: 'big', userComment: unicodeUserComment(A1111_WITHOUT_NEGATIVE, 'big') }),
      xmp: xmpPacket({ description: 'ignored: EXIF has the parameters' }),
    });
    const { width, format } = await sharp(webp).metadata();
    expect({ width, format }).toEqual({ width: 4, format: 'webp' });

    expect(readGenerationMetadata(webp)).toMatchObject({ generator: 'a1111', prompt: 'a watercolor fox in the snow' });
  });

  it('reads the XMP chunk alone', async () => {
    const webp = await webpWithMetadata({ xmp: xmpPacket({ description: 'an odd-length description', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA }) });

    expect(readGenerationMetadata(webp)).toMatchObject({ generator: 'unknown', prompt: 'an odd-length description' });
  });

  it('reads ComfyUI JSON from the EXIF Make/Model tags its WebP saver writes', async () => {
    const exif = exifTiff({ model: `prompt:${JSON.stringify(COMFYUI_API_PROMPT)}`, make: `workflow:${JSON.stringify(COMFYUI_UI_WORKFLOW)}` });

    expect(readGenerationMetadata(await webpWithMetadata({ exif }))).toMatchObject({
      generator: 'comfyui',
      negativePrompt: 'text, watermark',
      params: { steps: 24 },
    });
  });

  it('reads EXIF that sharp wrote (with the "Exif\\0\\0" header inside the chunk)', async () => {
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .webp()
      .withExif({ IFD2: { UserComment: A1111_WITHOUT_NEGATIVE } })
      .toBuffer();

    expect(readGenerationMetadata(webp)).toMatchObject({ generator: 'a1111', params: { steps: 20 } });
  });
});

describe('readGenerationMetadata: untrusted input', () => {
  it('returns undefined for an empty buffer, random bytes and other formats', () => {
    const random = randomBytesFromSeed(4096, 7);

    expect(readGenerationMetadata(Buffer.alloc(0))).toBeUndefined();
    expect(readGenerationMetadata(random)).toBeUndefined();
    expect(readGenerationMetadata(Buffer.from('GIF89a\x01\x00\x01\x00'))).toBeUndefined();
  });

  it('finishes on a megabyte of garbage parameters', async () => {
    const garbage = Buffer.from(randomBytesFromSeed(1024 * 1024, 3).map((byte) => 32 + (byte % 95))).toString('latin1');
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', garbage)));

    expect(metadata?.generator).toBe('a1111');
    expect(metadata?.prompt?.length).toBe(10_000);
  });

  it('keeps markup as plain text, strips control characters and caps the prompt', async () => {
    const prompt = `<script>alert("x")</script>\u0000\u0007a cat\u001b[31m\u0085\r\n${'long '.repeat(5000)}`;
    const metadata = readGenerationMetadata(await pngWithChunks(textChunk('parameters', `${prompt}\nSteps: 1, Sampler: Euler, Seed: 1`)));

    expect(metadata?.prompt?.startsWith('<script>alert("x")</script>a cat[31m\nlong long')).toBe(true);
    expect(metadata?.prompt?.length).toBeLessThanOrEqual(10_000);
  });

  it('does not split a surrogate pair at the prompt cap', async () => {
    const metadata = readGenerationMetadata(await pngWithChunks(internationalTextChunk('parameters', `${'a'.repeat(9_999)}😀`, { compressed: false })));

    expect(metadata?.prompt).toBe('a'.repeat(9_999));
  });
});
