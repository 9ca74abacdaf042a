import { z } from 'zod';
import type { TakedownReviewService } from './takedown-review.service.ts';
import type { CreatorClaimRow } from './takedown-tables.ts';

type MediaUrl = (key: string) => string;
type NoticeDetail = Awaited<ReturnType<TakedownReviewService['show']>>;
type QueueRow = Awaited<ReturnType<TakedownReviewService['list']>>[number];

/** Explicit mappers: notice rows never reach JSON or pages as they are (no token hashes, no dedupe keys). */
export function toQueueEntry(row: QueueRow) {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    claimantName: row.claimant_name,
    email: row.email,
    itemCount: Number(row.item_count ?? 0),
    assignee: row.assignee_email,
    createdAt: row.created_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

export function toNoticeDetail({ notice, items, events, counterNotices }: NoticeDetail, mediaUrl: MediaUrl) {
  return {
    id: notice.id,
    reference: notice.reference,
    status: notice.status,
    claimant: { name: notice.claimant_name, email: notice.email, address: notice.address, phone: notice.phone },
    copyrightedWork: notice.copyrighted_work,
    signature: notice.signature,
    goodFaith: notice.good_faith,
    accurateUnderPenaltyOfPerjury: notice.accurate_under_penalty_of_perjury,
    unresolvedItems: notice.unresolved_items,
    assigneeId: notice.assignee_id,
    internalNotes: notice.internal_notes,
    decisionReason: notice.decision_reason,
    createdAt: notice.created_at.toISOString(),
    confirmedAt: notice.confirmed_at?.toISOString() ?? null,
    decidedAt: notice.decided_at?.toISOString() ?? null,
    items: items.map((item) => ({
      artworkId: item.artwork_id,
      source: item.source,
      authorHandle: item.author_handle,
      decision: item.decision,
      removedAt: item.removed_at?.toISOString() ?? null,
      takedownState: item.takedown_state,
      postUrl: item.post_url,
      imageUrl: item.image_url,
      prompt: item.prompt,
      thumbnailUrl: item.thumbnail_key ? mediaUrl(item.thumbnail_key) : null,
    })),
    counterNotices: counterNotices.map((counter) => ({
      id: counter.id,
      artworkId: counter.artwork_id,
      status: counter.status,
      name: counter.name,
      email: counter.email,
      statement: counter.statement,
      createdAt: counter.created_at.toISOString(),
      restoreAt: counter.restore_at.toISOString(),
    })),
    events: events.map((event) => ({ artworkId: event.artwork_id, action: event.action, actor: event.actor, detail: event.detail, at: event.created_at.toISOString() })),
  };
}

export type NoticeDetailResponse = ReturnType<typeof toNoticeDetail>;
export type QueueEntry = ReturnType<typeof toQueueEntry>;

/** What POST /api/takedowns answers: the notice's reference, and what it named that matched no artwork. */
export const noticeReceiptSchema = z.object({
  reference: z.string(),
  status: z.enum(['unconfirmed', 'queued']).describe('unconfirmed: confirm from the mailed link; queued: already waiting for review'),
  merged: z.boolean().describe('It repeated an open notice and was merged into it'),
  artworkIds: z.array(z.string()),
  unresolved: z.array(z.object({ item: z.string(), reason: z.string() })),
});

export type NoticeReceipt = z.infer<typeof noticeReceiptSchema>;

/** A creator's claim on a source handle, as /api/creator-claims and the /creator page show it. */
export const creatorClaimResponseSchema = z.object({
  id: z.string(),
  source: z.string(),
  handle: z.string(),
  code: z.string().describe('Put it in the profile on the source, then verify'),
  verified: z.boolean(),
  optedOut: z.boolean(),
  createdAt: z.iso.datetime(),
});

export type CreatorClaimResponse = z.infer<typeof creatorClaimResponseSchema>;

export function toCreatorClaimResponse(claim: CreatorClaimRow): CreatorClaimResponse {
  return { id: claim.id, source: claim.source, handle: claim.handle, code: claim.code, verified: claim.verified_at !== null, optedOut: claim.opted_out, createdAt: claim.created_at.toISOString() };
}

/** An artwork a takedown screen lists (held near matches, a creator's indexed work): where it was posted, its thumbnail. */
export const artworkLinkSchema = z.object({ id: z.string(), postUrl: z.string(), thumbnailUrl: z.string().nullable() });

export function toArtworkLink(row: { id: string; post_url: string; thumbnail_key: string | null }, mediaUrl: MediaUrl): z.infer<typeof artworkLinkSchema> {
  return { id: row.id, postUrl: row.post_url, thumbnailUrl: row.thumbnail_key ? mediaUrl(row.thumbnail_key) : null };
}
