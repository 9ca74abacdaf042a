import type { Command } from 'commander';
import { z } from 'zod';
import { mediaUrl } from '../../src/media/media-keys.ts';
import { toNoticeDetail, toQueueEntry } from '../../src/takedowns/takedown-dto.ts';
import { reviewDecisionSchema } from '../../src/takedowns/takedown-input.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withApp } from '../with-app.ts';

const noticeId = z.string().regex(/^\d{1,18}$/, 'must be a numeric notice id');
const listOptions = z.object({ status: z.enum(['unconfirmed', 'queued', 'approved', 'partial', 'rejected']).default('queued') });
const approveArguments = z.object({ id: noticeId, items: z.array(z.string().regex(/^\d{1,18}$/, 'artwork ids are numbers')).optional(), reason: z.string().trim().max(2000).optional() });
const rejectArguments = z.object({ id: noticeId, reason: z.string().trim().min(1, 'say why').max(2000) });
const lawsuitArguments = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric counter-notice id'), details: z.string().trim().min(1).max(2000) });

/** `takedown list | show | approve | reject | lawsuit | restore-due`: the admin review queue from a terminal. */
export function registerCommand(program: Command): void {
  const takedown = program.command('takedown').description('Review DMCA takedown notices');

  takedown
    .command('list')
    .description('Notices waiting for review (or in another --status)')
    .option('--status <status>', 'unconfirmed, queued, approved, partial or rejected')
    .action(async (rawOptions: unknown) => {
      const { status } = parseCliArguments(listOptions, rawOptions);
      await withApp(async (app) => {
        const notices = (await app.takedowns.review.list([status])).map(toQueueEntry);
        if (notices.length === 0) console.log(`no ${status} notices`);
        for (const notice of notices) console.log(`${notice.id}\t${notice.reference}\t${notice.status}\t${notice.itemCount} item(s)\t${notice.claimantName} <${notice.email}>\t${notice.createdAt}`);
      });
    });

  takedown
    .command('show <id>')
    .description('A notice with its items, counter-notices and record, as JSON')
    .action(async (id: unknown) => {
      const args = parseCliArguments(z.object({ id: noticeId }), { id });
      await withApp(async (app) => {
        console.log(JSON.stringify(toNoticeDetail(await app.takedowns.review.show(args.id), mediaUrl), null, 2));
      });
    });

  takedown
    .command('approve <id>')
    .description('Remove every item of the notice, or only --items (the others are kept)')
    .option('--items <artworkIds...>', 'artwork ids to remove')
    .option('--reason <text>', 'sent to the claimant')
    .action(async (id: unknown, rawOptions: Record<string, unknown>) => {
      const args = parseCliArguments(approveArguments, { id, ...rawOptions });
      const decision = parseCliArguments(reviewDecisionSchema, { decision: 'approve', removeArtworkIds: args.items, reason: args.reason });
      await withApp(async (app) => {
        const result = await app.takedowns.review.decide(args.id, decision, 'cli');
        console.log(`${result.reference} ${result.status}: removed ${result.removed.join(', ') || 'none'}; kept ${result.kept.join(', ') || 'none'}`);
      });
    });

  takedown
    .command('reject <id>')
    .description('Reject the notice; nothing is removed')
    .requiredOption('--reason <text>', 'sent to the claimant')
    .action(async (id: unknown, rawOptions: Record<string, unknown>) => {
      const args = parseCliArguments(rejectArguments, { id, ...rawOptions });
      await withApp(async (app) => {
        const result = await app.takedowns.review.decide(args.id, { decision: 'reject', reason: args.reason }, 'cli');
        console.log(`${result.reference} rejected`);
      });
    });

  takedown
    .command('lawsuit <counterNoticeId>')
    .description('Record that the claimant went to court: the item stays removed')
    .requiredOption('--details <text>', 'court and case')
    .action(async (id: unknown, rawOptions: Record<string, unknown>) => {
      const args = parseCliArguments(lawsuitArguments, { id, ...rawOptions });
      await withApp(async (app) => {
        await app.takedowns.counterNotices.reportLawsuit(args.id, 'cli', args.details);
        console.log(`counter-notice ${args.id}: lawsuit recorded`);
      });
    });

  takedown
    .command('restore-due')
    .description('Restore items whose counter-notice waiting period ended (the server does this every 30 minutes)')
    .action(async () => {
      await withApp(async (app) => console.log(`restored ${await app.takedowns.counterNotices.restoreDue()} artwork(s)`));
    });
}
