import { createIdentifierHasher } from '../auth/identifier-hasher.ts';
import { createMaintenanceScheduler } from '../auth/auth-maintenance.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { createWriteBehindLimiter } from '../rate-limits/write-behind-limiter.ts';
import { SESSION_LIFETIME_MS } from '../auth/session-lifetime.ts';
import { deleteExpiredSessions } from '../auth/session.repository.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ImageAdapter } from '../media/image-adapter.ts';
import type { MediaStorage } from '../media/storage.ts';
import { loadSecret } from '../secrets.ts';
import { createSecurityLog } from '../security-log/security-log.service.ts';
import { deleteStaleAccountTokens } from './account-token.repository.ts';
import { createAccountDataRegistry } from './account-data-registry.ts';
import { createAccountDeletionService } from './account-deletion.service.ts';
import { createAccountExportService } from './account-export.service.ts';
import { createAccountMailService } from './account-mail.service.ts';
import { createAccountProvisioningService } from './account-provisioning.service.ts';
import { createAdminService } from './admin.service.ts';
import { registerCoreAccountData } from './core-account-data.ts';
import { createGoogleSignInService } from './google-sign-in.service.ts';
import { createBackgroundTasks } from './background-tasks.ts';
import { createCurrentPasswordCheck } from './current-password-check.ts';
import { createPasswordHasher } from './password-hasher.ts';
import { createPasswordService } from './password.service.ts';
import { createProfileService } from './profile.service.ts';
import { createRegistrationService } from './registration.service.ts';
import { createSecondFactorService } from './second-factor.service.ts';
import { createSecretBox } from './secret-box.ts';
import { createSignInService } from './sign-in.service.ts';

export type Accounts = Awaited<ReturnType<typeof composeAccounts>>;

/**
 * Wires the accounts area (services, session store, mail, security log, purge jobs) for the
 * composition root, src/app.ts, which only passes in the shared adapters.
 */
export async function composeAccounts({ config, db, clock, logger, storage, images, mailer, rateLimiter }: { config: Config; db: Db; clock: Clock; logger: Logger; storage: MediaStorage; images: ImageAdapter; mailer: Mailer; rateLimiter: RateLimiter }) {
  // One after the other: loadSecret rewrites secrets.json, so parallel calls could lose a key.
  const sessionSecret = await loadSecret(config.DATA_DIR, 'sessionSecret');
  const identifierKey = await loadSecret(config.DATA_DIR, 'identifierHashKey');
  const totpKey = await loadSecret(config.DATA_DIR, 'totpEncryptionKey');

  const hasher = createIdentifierHasher(identifierKey);
  const requestLimiter = createWriteBehindLimiter({ limiter: rateLimiter, logger });
  const securityLog = createSecurityLog({ db, hasher, clock, logger, retentionDays: config.SECURITY_LOG_RETENTION_DAYS });
  const passwords = createPasswordHasher({
    log2Cost: config.PASSWORD_HASH_COST,
    limits: { concurrency: config.PASSWORD_HASH_CONCURRENCY, queueLimit: config.PASSWORD_HASH_QUEUE },
  });
  const currentPassword = createCurrentPasswordCheck({ passwords, rateLimiter });
  const background = createBackgroundTasks(logger);
  const accountMail = createAccountMailService({ db, mailer, rateLimiter, hasher, clock, logger, publicUrl: config.PUBLIC_URL });
  const secondFactor = createSecondFactorService({ db, clock, secretBox: createSecretBox(totpKey), rateLimiter, securityLog });
  const profile = createProfileService({ db, storage, images, logger });
  const registry = createAccountDataRegistry();
  registerCoreAccountData(registry, { db, storage, profile });

  const maintenance = createMaintenanceScheduler({
    logger,
    jobs: [
      { name: 'purge-sessions', schedule: '*/15 * * * *', run: () => purgeExpiredSessions(db, clock.now()) },
      { name: 'purge-rate-limits', schedule: '*/15 * * * *', run: () => rateLimiter.purgeEnded() },
      { name: 'purge-account-links', schedule: '7 * * * *', run: () => deleteStaleAccountTokens(db, clock.now()) },
      { name: 'purge-security-log', schedule: '17 3 * * *', run: () => securityLog.purgeExpired() },
    ],
  });

  return {
    hasher,
    /** The one limiter (rate-limiter-flexible in PostgreSQL), one query per attempt; requestLimiter writes to it too. */
    rateLimiter,
    /** The HTTP request limits' counter: in memory, written behind to rateLimiter's store. */
    requestLimiter,
    securityLog,
    /** Mail sent after the answer (password resets); tests wait on it with settled(). */
    background,
    sessionSecret,
    registry,
    maintenance,
    profile,
    secondFactor,
    registration: createRegistrationService({ db, clock, passwords, rateLimiter, hasher, securityLog, accountMail }),
    signIn: createSignInService({ db, passwords, rateLimiter, hasher, securityLog, secondFactor }),
    googleSignIn: createGoogleSignInService({ db, clock, rateLimiter, hasher, securityLog }),
    passwordService: createPasswordService({ db, clock, passwords, currentPassword, rateLimiter, hasher, securityLog, accountMail, background }),
    deletion: createAccountDeletionService({ db, registry, currentPassword, securityLog, logger }),
    exports: createAccountExportService({ registry, profile, clock }),
    admin: createAdminService({ db, securityLog }),
    provisioning: createAccountProvisioningService({ db, clock, passwords, secondFactor, securityLog }),
    async close(): Promise<void> {
      await background.settled();
      await maintenance.stop();
      await requestLimiter.close();
    },
  };
}

/** Sessions past their expiry, or older than the lifetime whatever their cookie said (the HTTP edge's store reads them so). */
function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  return deleteExpiredSessions(db, now, new Date(now.getTime() - SESSION_LIFETIME_MS));
}
