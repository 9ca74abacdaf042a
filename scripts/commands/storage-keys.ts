import type { Command } from 'commander';
import { encryptExistingPrivateFiles } from '../../src/media/encrypt-existing-private-files.ts';
import { countObjectKeysByMasterKey } from '../../src/media/media-object-keys.repository.ts';
import { openMediaStorage } from '../../src/media/open-media-storage.ts';
import { rotateStorageMasterKey } from '../../src/media/storage-key-rotation.ts';
import { createProgressBar, secondsSince } from '../progress-bar.ts';
import { withApp } from '../with-app.ts';

export function registerCommand(program: Command): void {
  const keys = program.command('storage-keys').description('The master key that private files are encrypted under');

  keys
    .command('status')
    .description('Which master key is in use and how many private files each key opens')
    .action(async () => {
      await withApp(async (app) => {
        const { keyring } = await openMediaStorage(app.config, app.db);
        const counts = await countObjectKeysByMasterKey(app.db);
        console.log(`master key ${keyring.current().id} from ${keyring.source === 'environment' ? 'STORAGE_ENCRYPTION_KEY' : 'DATA_DIR/secrets.json'}`);
        if (counts.size === 0) console.log('no private files yet');
        for (const [id, count] of counts) console.log(`${count} private file(s) under master key ${id}`);
      });
    });

  keys
    .command('rotate')
    .description('Re-wrap every private file key under a new master key (files are not rewritten); with STORAGE_ENCRYPTION_KEY, the new key comes from STORAGE_ENCRYPTION_KEY_NEW')
    .action(async () => {
      await withApp(async (app) => {
        const { keyring } = await openMediaStorage(app.config, app.db);
        const started = performance.now();
        const progress = createProgressBar('re-wrapping');
        const result = await rotateStorageMasterKey({
          db: app.db,
          keyring,
          dataDir: app.config.DATA_DIR,
          newEnvironmentKey: process.env.STORAGE_ENCRYPTION_KEY_NEW || undefined,
          onProgress: progress.update,
        }).finally(() => progress.stop());
        const retired = result.retiredIds.length > 0 ? `; retired ${result.retiredIds.join(', ')}` : '';
        console.log(`re-wrapped ${result.rewrapped} private file key(s) under master key ${result.currentId}${retired} in ${secondsSince(started)} s`);
        if (keyring.source === 'environment') console.log('now set STORAGE_ENCRYPTION_KEY to the new key and restart every artsift process');
      });
    });

  keys
    .command('encrypt-existing')
    .description('Encrypt private files stored before encryption existed (once, after upgrading; safe to repeat)')
    .action(async () => {
      await withApp(async (app) => {
        const { backend } = await openMediaStorage(app.config, app.db);
        const started = performance.now();
        const progress = createProgressBar('encrypting');
        const result = await encryptExistingPrivateFiles({ db: app.db, storage: app.storage, backend, onProgress: progress.update }).finally(() => progress.stop());
        const missing = result.missing > 0 ? `; ${result.missing} named file(s) were not in the store` : '';
        console.log(`encrypted ${result.encrypted} private file(s) stored before encryption in ${secondsSince(started)} s${missing}`);
      });
    });
}
