import { crc32 } from 'node:zlib';

/** PNG signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC). */
const AFTER_IHDR = 33;

/** The PNG with an A1111-style `parameters` tEXt chunk after IHDR, as Stable Diffusion web UIs save it. */
export function withA1111Parameters(png: Buffer, parameters: string): Buffer {
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from('parameters\0', 'latin1'), Buffer.from(parameters, 'latin1')]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([png.subarray(0, AFTER_IHDR), length, body, crc, png.subarray(AFTER_IHDR)]);
}
