import { generate } from 'otplib';
import { createCrawlerHttp } from '../../../crawlers/net/crawler-http.ts';
import { outboxDir, readOutbox } from '../../../src/mail/outbox.ts';
import { composeTakedowns, type Takedowns } from '../../../src/takedowns/compose-takedowns.ts';
import { createSourcePageFetcher } from '../../../src/takedowns/source-page-fetcher.ts';
import type { ServiceTier } from '../../support/service-tier.ts';
import type { TestApp } from '../../support/test-app.ts';
import { createVerifiedAccount, signedInAgent } from '../../auth/support/accounts.ts';
import type { HttpAgent } from '../../auth/support/http-agent.ts';

/** Every statutory element of a notice, valid; tests drop or change one at a time. */
export function completeNotice(items: string[], email = 'rights@studio.example') {
  return {
    claimantName: 'Rita Rights',
    email,
    address: '1 Studio Lane, Springfield',
    phone: '+1 555 0100',
    copyrightedWork: 'My painting "Dusk Lighthouse" (2024), published at https://studio.example/dusk',
    items,
    goodFaith: true,
    accurateUnderPenaltyOfPerjury: true,
    signature: 'Rita Rights',
  };
}

/** An admin account signed in through the real TOTP step, as the review queue requires. */
export async function signedInAdmin(t: TestApp): Promise<{ agent: HttpAgent; accountId: string }> {
  const admin = await createVerifiedAccount(t.app, { admin: true });
  const secret = new URL(admin.enrolment!.otpauthUri).searchParams.get('secret')!;
  const agent = await signedInAgent(t, admin.email, admin.password);
  const code = await generate({ secret, epoch: Math.floor(t.app.clock.now().getTime() / 1000) });
  const passed = await agent.post('/api/auth/totp', { code });
  if (passed.status !== 200) throw new Error(`TOTP step failed: ${passed.status} ${passed.text}`);
  return { agent, accountId: admin.account.id };
}

/** The newest outbox mail to `to` whose subject matches (the app's or a service tier's DATA_DIR). */
export async function latestMail(t: Pick<TestApp, 'dataDir'>, to: string, subject: RegExp) {
  const messages = await readOutbox(outboxDir(t.dataDir), { limit: 200 });
  const message = messages.find((candidate) => candidate.to === to && subject.test(candidate.subject));
  if (!message) throw new Error(`no mail to ${to} matching ${subject}`);
  return message;
}

export function confirmTokenIn(text: string): string {
  const token = /token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!token) throw new Error('no confirmation token in the mail');
  return token;
}

/** Files a notice for `artworkIds`, confirms it from the mail, and returns its id and reference. */
export async function fileConfirmedNotice(t: TestApp, agent: HttpAgent, artworkIds: string[], email: string) {
  const filed = await agent.post<{ reference: string }>('/api/takedowns', completeNotice(artworkIds, email));
  if (filed.status !== 202) throw new Error(`notice refused: ${filed.status} ${filed.text}`);
  const token = confirmTokenIn((await latestMail(t, email, /Confirm your takedown notice/)).text);
  await agent.post('/api/takedowns/confirm', { token });
  const notice = await t.app.db.selectFrom('takedown_notices').select(['id', 'reference', 'status']).where('reference', '=', filed.body.reference).executeTakeFirstOrThrow();
  return notice;
}

/** The takedown services on the service tier, wired as src/app.ts wires them (close() them after). */
export function composeServiceTakedowns(tier: ServiceTier): Takedowns {
  return composeTakedowns({ ...tier, connectionString: tier.database.url, fetcher: createSourcePageFetcher(tier.config, createCrawlerHttp(tier.config)) });
}

/** A notice for `artworkIds` filed and confirmed through the intake service, waiting for review; resolves with its id. */
export async function confirmedServiceNotice(tier: ServiceTier, takedowns: Takedowns, artworkIds: string[], claimant: string): Promise<string> {
  const receipt = await takedowns.intake.submit(completeNotice(artworkIds, claimant), { ip: '127.0.0.1' });
  await takedowns.intake.confirm(confirmTokenIn((await latestMail(tier, claimant, /Confirm your takedown notice/)).text));
  const notice = await tier.db.selectFrom('takedown_notices').select('id').where('reference', '=', receipt.reference).executeTakeFirstOrThrow();
  return notice.id;
}
