import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM boxes for private media: `ASE1 | 12-byte IV | 16-byte tag | ciphertext`. The same
 * box holds a file (sealed by its object key) and an object key (sealed by a master key); the
 * associated data binds each box to its media key, so a box moved under another key fails to open.
 */
const MAGIC = Buffer.from('ASE1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES + TAG_BYTES;

export const OBJECT_KEY_BYTES = 32;

/** Whether bytes are a sealed box at all; anything else under a private key is a file stored before encryption existed. */
export function isSealedBox(bytes: Buffer): boolean {
  return bytes.length >= HEADER_BYTES && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

export function newObjectKey(): Buffer {
  return randomBytes(OBJECT_KEY_BYTES);
}

export function sealBox(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), ciphertext]);
}

/** The plaintext, or undefined when the box is not one, was altered, or was sealed by another key. */
export function openBox(key: Buffer, box: Buffer, associatedData: string): Buffer | undefined {
  if (!isSealedBox(box)) return undefined;
  const iv = box.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = box.subarray(MAGIC.length + IV_BYTES, HEADER_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(box.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Associated data of a wrapped object key and of the file it opens, kept apart so one cannot stand in for the other. */
export const wrappedKeyContext = (mediaKey: string): string => `object-key:${mediaKey}`;
export const fileContext = (mediaKey: string): string => `file:${mediaKey}`;
