import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { readAppVersion } from '../../src/backup/backup-manifest.ts';
import { createBackup } from '../../src/backup/create-backup.ts';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { assertMigrated, createMigrator } from '../../src/db/migrator.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { createCliLogger } from '../../src/logger.ts';
import { openMediaStorage } from '../../src/media/open-media-storage.ts';
import { CliArgumentError, parseCliArguments } from '../cli-arguments.ts';
import { createPhasedProgress } from '../phased-progress.ts';
import { secondsSince } from '../progress-bar.ts';

const optionsSchema = z.object({ out: z.string().min(1, 'give the archive file'), withoutKeys: z.boolean().default(false) });

export function registerCommand(program: Command): void {
  program
    .command('backup')
    .description('Write one consistent archive of the database and the media store (the server may keep running)')
    .requiredOption('--out <file>', 'the archive to write (a zip); must not exist yet')
    .option('--without-keys', 'leave out the storage master key and the app secrets (a restore then needs the same STORAGE_ENCRYPTION_KEY)')
    .action(async (raw: unknown) => {
      const options = parseCliArguments(optionsSchema, raw);
      const out = path.resolve(options.out);
      if (await access(out).then(() => true, () => false)) throw new CliArgumentError(`${options.out} already exists; choose a new file`);
      if (!(await access(path.dirname(out), constants.W_OK).then(() => true, () => false))) throw new CliArgumentError(`cannot write into ${path.dirname(out)}: no such folder, or not writable`);
      const config = loadConfig();
      const database = await openDatabase(config, createCliLogger(config.LOG_LEVEL));
      const progress = createPhasedProgress();
      try {
        assertMigrated(await createMigrator(database.db).migrateToLatest());
        const { backend, keyring } = await openMediaStorage(config, database.db);
        const started = performance.now();
        const { manifest, archiveBytes } = await createBackup(
          { connectionString: database.connectionString, backend, keyring, dataDir: config.DATA_DIR, appVersion: await readAppVersion(), clock: systemClock },
          { out, includeKeys: !options.withoutKeys, onProgress: progress.update },
        ).finally(progress.stop);
        const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
        const missing = manifest.media.missing.length > 0 ? `; ${manifest.media.missing.length} media object(s) deleted meanwhile were left out` : '';
        const keys = manifest.keysIncluded ? 'with the keys: keep it as safe as the database' : 'without the keys';
        console.log(
          `backed up ${rows} rows of ${manifest.tables.length} tables and ${manifest.media.objects} media objects (migration ${manifest.migration}) to ${options.out}, ${(archiveBytes / 1024 / 1024).toFixed(1)} MiB, ${keys}, in ${secondsSince(started)} s${missing}`,
        );
      } finally {
        await database.close();
      }
    });
}
