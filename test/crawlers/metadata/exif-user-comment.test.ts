import { describe, expect, it } from 'vitest';
import { decodeUserComment, readExifTextFields } from '../../../crawlers/metadata/exif-user-comment.ts';
import { asciiUserComment, exifTiff, unicodeUserComment } from './fixtures/exif-fixture.ts';

describe('readExifTextFields', () => {
  for (const byteOrder of ['little', 'big'] as const) {
    it(`reads ImageDescription, Make, Model and UserComment from a ${byteOrder}-endian TIFF`, () => {
      const tiff = exifTiff({
        byteOrder,
        imageDescription: 'a lighthouse',
        make: 'workflow:{}',
        model: 'prompt:{}',
        userComment: asciiUserComment('storm at sea'),
      });

      expect(readExifTextFields(tiff)).toEqual({
        imageDescription: 'a lighthouse',
        make: 'workflow:{}',
        model: 'prompt:{}',
        userComment: 'storm at sea',
      });
    });
  }

  it('reads short values stored inside the IFD entry itself', () => {
    expect(readExifTextFields(exifTiff({ imageDescription: 'owl' }))).toEqual({ imageDescription: 'owl' });
  });

  it('returns what is readable from a truncated or lying TIFF, and nothing from garbage', () => {
    const tiff = exifTiff({ imageDescription: 'a very long description', userComment: asciiUserComment('comment') });
    const ifdPointingPastTheEnd = Buffer.from(tiff);
    ifdPointingPastTheEnd.writeUInt32LE(0xfffffff0, 4);

    expect(readExifTextFields(tiff.subarray(0, tiff.indexOf('comment')))).toEqual({ imageDescription: 'a very long description' });
    expect(readExifTextFields(ifdPointingPastTheEnd)).toEqual({});
    expect(readExifTextFields(tiff.subarray(0, 5))).toEqual({});
    expect(readExifTextFields(Buffer.from('not a tiff at all'))).toEqual({});
    expect(readExifTextFields(Buffer.alloc(0))).toEqual({});
  });
});

describe('decodeUserComment', () => {
  it('decodes the ASCII charset, tolerating UTF-8 written under it', () => {
    expect(decodeUserComment(asciiUserComment('plain text'), true)).toBe('plain text');
    expect(decodeUserComment(asciiUserComment('café'), true)).toBe('café');
  });

  for (const tiffOrder of ['little', 'big'] as const) {
    for (const textOrder of ['little', 'big'] as const) {
      it(`decodes UNICODE written ${textOrder}-endian inside a ${tiffOrder}-endian TIFF`, () => {
        const comment = unicodeUserComment('a quiet harbour, (boats:1.1)', textOrder);
        expect(decodeUserComment(comment, tiffOrder === 'little')).toBe('a quiet harbour, (boats:1.1)');
      });
    }
  }

  it('uses a byte-order mark when present, and the TIFF byte order for text without ASCII', () => {
    const withBom = Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from([0xff, 0xfe]), Buffer.from('ok', 'utf16le')]);
    const japanese = unicodeUserComment('夜の街', 'big');

    expect(decodeUserComment(withBom, false)).toBe('ok');
    expect(decodeUserComment(japanese, false)).toBe('夜の街');
  });

  it('decodes the undefined and JIS charsets and comments without any charset code', () => {
    const undefinedCharset = Buffer.concat([Buffer.alloc(8), Buffer.from('no charset')]);
    const jis = Buffer.concat([Buffer.from('JIS\0\0\0\0\0', 'latin1'), Buffer.from([0x82, 0xa0])]);

    expect(decodeUserComment(undefinedCharset, true)).toBe('no charset');
    expect(decodeUserComment(jis, true)).toBe('あ');
    expect(decodeUserComment(Buffer.from('raw'), true)).toBe('raw');
  });

  it('strips the NUL and space padding writers add', () => {
    expect(decodeUserComment(Buffer.concat([asciiUserComment('padded'), Buffer.from('\0\0  \0')]), true)).toBe('padded');
  });
});
