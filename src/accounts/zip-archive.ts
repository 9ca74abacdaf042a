import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { AccountExport } from './account-export.service.ts';

/**
 * Streams an export as a zip (yazl): account.json first, then each file opened only when the
 * archive reaches it, so a large gallery never sits in memory or holds many streams open.
 */
export function accountExportZip(data: AccountExport): Readable {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(data.json, null, 2)), 'account.json');
  for (const file of data.files) {
    // Images are already compressed: store them as they are.
    zip.addReadStreamLazy(file.path, { compress: false }, (callback) => {
      file.open().then(
        (stream) => callback(null, stream ?? Readable.from([])),
        (error: unknown) => callback(error, Readable.from([])),
      );
    });
  }
  zip.end();
  return Readable.from(zip.outputStream);
}
