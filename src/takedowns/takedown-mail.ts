import type { MailMessage } from '../mail/mailer.ts';

/** The mail a claimant and a counter-claimant receive; plain text, no marketing. */
export const takedownMessages = {
  confirmNotice(to: string, reference: string, confirmUrl: string): MailMessage {
    return {
      to,
      subject: `Confirm your takedown notice ${reference}`,
      text: `We received a copyright notice from this address (reference ${reference}).\n\nIt enters our review queue once you confirm it:\n${confirmUrl}\n\nIf you did not send it, ignore this message.`,
    };
  },
  confirmCounterNotice(to: string, artworkId: string, confirmUrl: string): MailMessage {
    return {
      to,
      subject: `Confirm your counter-notice for artwork ${artworkId}`,
      text: `We received a counter-notice from this address for artwork ${artworkId}.\n\nIt is sent to the claimant, and counts, once you confirm it:\n${confirmUrl}\n\nIf you did not send it, ignore this message.`,
    };
  },
  noticeQueued(to: string, reference: string): MailMessage {
    return {
      to,
      subject: `Takedown notice ${reference} received`,
      text: `Your notice ${reference} is confirmed and waiting for review. We will write again when it has been decided.`,
    };
  },
  noticeDecided(to: string, reference: string, outcome: 'approved' | 'partial' | 'rejected', removed: number, kept: number, reason: string | null): MailMessage {
    const summary =
      outcome === 'rejected'
        ? 'We did not remove the items named in it.'
        : `We removed ${removed} item(s)${kept > 0 ? ` and kept ${kept}` : ''}.`;
    return {
      to,
      subject: `Takedown notice ${reference}: ${outcome}`,
      text: `Your notice ${reference} was reviewed. ${summary}${reason ? `\n\nReason: ${reason}` : ''}`,
    };
  },
  counterNoticeToClaimant(to: string, reference: string, artworkId: string, counter: { name: string; email: string; address: string; phone?: string | undefined; statement: string }, restoreAt: Date): MailMessage {
    return {
      to,
      subject: `Counter-notice received for ${reference}`,
      text: [
        `The poster of artwork ${artworkId}, removed under your notice ${reference}, sent a counter-notice (17 U.S.C. §512(g)).`,
        '',
        `Name: ${counter.name}`,
        `Email: ${counter.email}`,
        `Address: ${counter.address}`,
        counter.phone ? `Phone: ${counter.phone}` : '',
        `Statement: ${counter.statement}`,
        '',
        `We will restore the item on ${restoreAt.toISOString().slice(0, 10)} unless you tell us before then that you have filed an action seeking a court order against them (reply to this message with the case details).`,
      ]
        .filter((line) => line !== '')
        .join('\n'),
    };
  },
  counterNoticeReceived(to: string, artworkId: string, restoreAt: Date): MailMessage {
    return {
      to,
      subject: `Counter-notice for artwork ${artworkId} received`,
      text: `We forwarded your counter-notice to the claimant. Unless they report a lawsuit, artwork ${artworkId} will be restored on ${restoreAt.toISOString().slice(0, 10)}.`,
    };
  },
  restored(to: string, artworkId: string): MailMessage {
    return { to, subject: `Artwork ${artworkId} restored`, text: `Artwork ${artworkId} was restored after a counter-notice (17 U.S.C. §512(g)(2)(C)).` };
  },
};
