import { describe, expect, it } from 'vitest';
import { readXmpTextFields } from '../../../crawlers/metadata/xmp-description.ts';
import { xmpPacket } from './fixtures/xmp-fixture.ts';

describe('readXmpTextFields', () => {
  it('reads dc:description and exif:UserComment from rdf:Alt lists, decoding entities', () => {
    const packet = xmpPacket({ description: 'fish & chips <b>', userComment: 'Steps: 20' });

    expect(readXmpTextFields(packet)).toEqual({ description: 'fish & chips <b>', userComment: 'Steps: 20' });
  });

  it('reads properties written as attributes and as bare element text', () => {
    expect(readXmpTextFields('<rdf:Description dc:description="as attribute &#x263A;"/>')).toEqual({
      description: 'as attribute ☺',
    });
    expect(readXmpTextFields('<exif:UserComment>bare text</exif:UserComment>')).toEqual({ userComment: 'bare text' });
  });

  it('does not mistake a longer element name, and ignores unclosed elements', () => {
    expect(readXmpTextFields('<dc:descriptionX>no</dc:descriptionX>')).toEqual({});
    expect(readXmpTextFields('<dc:description><rdf:Alt><rdf:li>never closed')).toEqual({});
  });
});
