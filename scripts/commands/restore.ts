import path from 'node:path';
import type { Command } from 'commander';
import { readAppVersion } from '../../src/backup/backup-manifest.ts';
import { restoreBackup } from '../../src/backup/restore-backup.ts';
import { requeueUnfinishedGenerations } from '../../src/backup/requeue-generations.ts';
import { verifyBackup } from '../../src/backup/verify-backup.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { createCliLogger } from '../../src/logger.ts';
import { createMediaStorage } from '../../src/media/create-media-storage.ts';
import { loadStorageKeyring } from '../../src/media/storage-master-keys.ts';
import { createPhasedProgress } from '../phased-progress.ts';
import { secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

export function registerCommand(program: Command): void {
  program
    .command('restore')
    .description('Bring back an instance from a backup archive, into an empty DATA_DIR or database; the search index is rebuilt')
    .argument('<file>', 'an archive written by "backup"')
    .action(async (file: string) => {
      const started = performance.now();
      const config = loadConfig();
      const progress = createPhasedProgress();
      // The archive is proven whole before the target is even opened.
      const backup = await verifyBackup(path.resolve(file), { appVersion: await readAppVersion(), onProgress: (done, total) => progress.update('verifying', done, total) }).finally(progress.stop);
      try {
        const database = await openDatabase(config, createCliLogger(config.LOG_LEVEL));
        try {
          const target = {
            db: database.db,
            connectionString: database.connectionString,
            backend: await createMediaStorage(config),
            keyring: await loadStorageKeyring({ dataDir: config.DATA_DIR, environmentKey: config.STORAGE_ENCRYPTION_KEY }),
            dataDir: config.DATA_DIR,
          };
          await restoreBackup(backup, target, progress.update).finally(progress.stop);
        } finally {
          await database.close();
        }
      } finally {
        backup.reader.close();
      }
      // The whole app now: the remaining migrations, the storage key check, the search index and the queue.
      const { indexed, requeued } = await withApp(async (app) => {
        const reindexed = await app.artworks.reindex((done, total) => progress.update('reindex', done, total)).finally(progress.stop);
        return { indexed: reindexed, requeued: await requeueUnfinishedGenerations(app.db, app.generation.queue) };
      });
      const { manifest } = backup;
      const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
      const queued = requeued > 0 ? `, ${requeued} unfinished generation(s) queued again` : '';
      console.log(
        `restored ${rows} rows of ${manifest.tables.length} tables and ${manifest.media.objects} media objects from ${file} (artsift ${manifest.appVersion}, ${manifest.createdAt}); reindexed ${indexed} artworks${queued}, in ${secondsSince(started)} s`,
      );
    });
}
