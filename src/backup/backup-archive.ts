import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface EntryDigest {
  bytes: number;
  sha256: string;
}

const NEWLINE = 0x0a;

/** A pass-through that measures what flows: size, SHA-256 and line count (COPY text is one row per line). */
export function createDigestMeter(): Transform & { digest(): EntryDigest & { lines: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, index + 1)) lines += 1;
      callback(null, chunk);
    },
  });
  let sha256: string | undefined;
  return Object.assign(meter, { digest: () => ({ bytes, sha256: (sha256 ??= hash.digest('hex')), lines }) });
}

/**
 * A zip written to `<file>.partial` and renamed into place only when complete, so a failed
 * backup never leaves something that looks like an archive. Entries are added one at a time;
 * each is measured on its way in for the manifest.
 */
export function createArchiveWriter(file: string) {
  const partial = `${file}.partial`;
  const zip = new yazl.ZipFile();
  const output = createWriteStream(partial, { flags: 'wx' });
  const written = pipeline(zip.outputStream, output);
  // Reported by finish(); kept from becoming an unhandled rejection meanwhile.
  written.catch(() => undefined);
  const files: Record<string, EntryDigest> = {};

  return {
    files,

    async addStream(path: string, source: Readable, options: { compress: boolean }): Promise<EntryDigest & { lines: number }> {
      const meter = createDigestMeter();
      zip.addReadStream(meter, path, { compress: options.compress, mtime: new Date() });
      // A failed write (disk full, folder gone) stops the zip from reading: fail rather than wait forever.
      await Promise.race([pipeline(source, meter).then(() => finished(meter)), written.then(() => Promise.reject(new Error('the archive was closed before its last entry')))]);
      const { bytes, sha256, lines } = meter.digest();
      files[path] = { bytes, sha256 };
      return { bytes, sha256, lines };
    },

    addBuffer(path: string, buffer: Buffer): void {
      files[path] = { bytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
      zip.addBuffer(buffer, path);
    },

    /** Adds the manifest (the one entry not listed in itself), closes the zip and moves it into place. */
    async finish(manifest: Buffer): Promise<number> {
      zip.addBuffer(manifest, 'manifest.json');
      zip.end();
      await written;
      await rename(partial, file);
      return output.bytesWritten;
    },

    async abort(): Promise<void> {
      output.destroy();
      await unlink(partial).catch(() => undefined);
    },
  };
}

export type ArchiveWriter = ReturnType<typeof createArchiveWriter>;

export interface ArchiveReader {
  names(): string[];
  open(path: string): Promise<Readable>;
  close(): void;
}

/** Opens a zip for reading by entry name; throws when the file is not a complete zip (a truncated one has no central directory). */
export async function openArchive(file: string): Promise<ArchiveReader> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  return {
    names: () => [...entries.keys()],
    async open(path) {
      const entry = entries.get(path);
      if (!entry) throw new Error(`the archive has no ${path}`);
      return zip.openReadStreamPromise(entry);
    },
    close: () => zip.close(),
  };
}
