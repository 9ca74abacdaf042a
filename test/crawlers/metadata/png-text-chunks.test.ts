import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PNG_TEXT_LIMITS, readPngTextChunks } from '../../../crawlers/metadata/png-text-chunks.ts';
import {
  basePng,
  compressedTextChunk,
  internationalTextChunk,
  pngChunk,
  pngWithChunks,
  textChunk,
  withCorruptedCrc,
} from './fixtures/png-fixture.ts';

describe('readPngTextChunks', () => {
  it('reads tEXt, zTXt and iTXt (plain and compressed) in file order', async () => {
    const png = await pngWithChunks(
      textChunk('parameters', 'a castle at dusk'),
      compressedTextChunk('Comment', 'zipped comment'),
      internationalTextChunk('Description', 'ねこ — a cat', { compressed: false }),
      internationalTextChunk('prompt', '{"3":{}}', { compressed: true }),
    );

    expect(readPngTextChunks(png)).toEqual([
      { type: 'tEXt', keyword: 'parameters', text: 'a castle at dusk' },
      { type: 'zTXt', keyword: 'Comment', text: 'zipped comment' },
      { type: 'iTXt', keyword: 'Description', text: 'ねこ — a cat' },
      { type: 'iTXt', keyword: 'prompt', text: '{"3":{}}' },
    ]);
  });

  it('decodes tEXt as UTF-8 when it is valid UTF-8, else as the Latin-1 the spec prescribes', async () => {
    const png = await pngWithChunks(textChunk('utf8', 'café ✓', 'utf8'), textChunk('latin1', 'café', 'latin1'));

    expect(readPngTextChunks(png).map((chunk) => chunk.text)).toEqual(['café ✓', 'café']);
  });

  it('reads text chunks that come after the image data, up to IEND', async () => {
    const png = await basePng();
    const iendOffset = png.lastIndexOf('IEND') - 4;
    const withLateText = Buffer.concat([
      png.subarray(0, iendOffset),
      textChunk('late', 'after IDAT'),
      png.subarray(iendOffset),
      textChunk('trailing', 'after IEND'),
    ]);

    expect(readPngTextChunks(withLateText)).toEqual([{ type: 'tEXt', keyword: 'late', text: 'after IDAT' }]);
  });

  it('returns the chunks read before a file truncated mid-chunk', async () => {
    const png = await pngWithChunks(textChunk('first', 'complete'), textChunk('second', 'cut short by the download'));
    const truncated = png.subarray(0, png.indexOf('cut short') + 3);

    expect(readPngTextChunks(truncated)).toEqual([{ type: 'tEXt', keyword: 'first', text: 'complete' }]);
  });

  it('skips a text chunk whose CRC does not match, and keeps reading after it', async () => {
    const png = await pngWithChunks(withCorruptedCrc(textChunk('parameters', 'corrupted')), textChunk('Software', 'ok'));

    expect(readPngTextChunks(png)).toEqual([{ type: 'tEXt', keyword: 'Software', text: 'ok' }]);
  });

  it('skips a zTXt bomb without inflating it past the size limit, and keeps reading', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024, 'a');
    const png = await pngWithChunks(compressedTextChunk('parameters', bomb), textChunk('Software', 'after the bomb'));
    expect(png.length).toBeLessThan(200_000);

    expect(readPngTextChunks(png)).toEqual([{ type: 'tEXt', keyword: 'Software', text: 'after the bomb' }]);
  });

  it('bounds the total text read across chunks', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const chunks = Array.from({ length: 12 }, (_, index) => compressedTextChunk(`k${index}`, megabyte));
    const png = await pngWithChunks(...chunks);

    const read = readPngTextChunks(png);
    expect(read.length).toBe(8);
    expect(read.reduce((total, chunk) => total + chunk.text.length, 0)).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('bounds the number of chunks scanned', async () => {
    const filler = Array.from({ length: 2000 }, () => pngChunk('tIME', Buffer.alloc(7)));
    const png = await pngWithChunks(...filler, textChunk('parameters', 'too deep'));

    expect(readPngTextChunks(png, { ...DEFAULT_PNG_TEXT_LIMITS, maxChunksScanned: 1000 })).toEqual([]);
    expect(readPngTextChunks(png)).toHaveLength(1);
  });

  it('skips malformed text chunks: no keyword, broken zlib stream, unknown compression method', async () => {
    const png = await pngWithChunks(
      pngChunk('tEXt', Buffer.from('\0no keyword', 'latin1')),
      pngChunk('zTXt', Buffer.concat([Buffer.from('broken\0\0', 'latin1'), Buffer.from('not zlib')])),
      pngChunk('zTXt', Buffer.concat([Buffer.from('method\0\x07', 'latin1'), deflateSync('x')])),
      pngChunk('iTXt', Buffer.from('short\0', 'latin1')),
      textChunk('good', 'kept'),
    );

    expect(readPngTextChunks(png)).toEqual([{ type: 'tEXt', keyword: 'good', text: 'kept' }]);
  });

  it('stops at a chunk type that is not four letters (a corrupted length)', async () => {
    const png = await pngWithChunks(textChunk('first', 'kept'), Buffer.from([0, 0, 0, 1, 0x00, 0x01, 0x02, 0x03, 0x00]));

    expect(readPngTextChunks(png)).toEqual([{ type: 'tEXt', keyword: 'first', text: 'kept' }]);
  });

  it('returns nothing for bytes that are not a PNG', () => {
    expect(readPngTextChunks(Buffer.alloc(0))).toEqual([]);
    expect(readPngTextChunks(Buffer.from('GIF89a'))).toEqual([]);
  });
});
