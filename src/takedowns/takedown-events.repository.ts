import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/** Who took a step: a claimant, an admin (by account id), the CLI operator, a creator, or the system's timers. */
export type TakedownActor = 'claimant' | 'counter-claimant' | 'cli' | 'system' | `admin:${string}` | `creator:${string}`;

export interface TakedownEvent {
  noticeId?: string | null;
  artworkId?: string | null;
  action: TakedownAction;
  actor: TakedownActor;
  detail?: Record<string, unknown>;
}

/** The steps the record knows; the transparency page counts some of them per month. */
export type TakedownAction =
  | 'notice_received'
  | 'notice_merged'
  | 'notice_confirmed'
  | 'notice_assigned'
  | 'notice_note_added'
  | 'notice_approved'
  | 'notice_partial'
  | 'notice_rejected'
  | 'item_kept'
  | 'item_removed'
  /** Deleted, made private or its author suspended where it was posted (crawlers/recheck). */
  | 'item_removed_at_source'
  | 'item_held'
  | 'item_released'
  | 'counter_notice_received'
  | 'lawsuit_reported'
  | 'item_restored'
  | 'claim_started'
  | 'claim_verified'
  | 'creator_removed'
  | 'creator_opted_out'
  | 'creator_opted_in';

export async function appendTakedownEvents(db: Db, events: TakedownEvent[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('takedown_events')
    .values(
      events.map((event) => ({
        notice_id: event.noticeId ?? null,
        artwork_id: event.artworkId ?? null,
        action: event.action,
        actor: event.actor,
        detail: JSON.stringify(event.detail ?? {}),
        created_at: at,
      })),
    )
    .execute();
}

export async function listEventsOfNotice(db: Db, noticeId: string) {
  return db
    .selectFrom('takedown_events')
    .select(['id', 'artwork_id', 'action', 'actor', 'detail', 'created_at'])
    .where('notice_id', '=', noticeId)
    .orderBy('id')
    .execute();
}

const TRANSPARENCY_ACTIONS = ['notice_confirmed', 'item_removed', 'notice_rejected', 'counter_notice_received', 'item_restored', 'item_removed_at_source'] as const;

/** Monthly counts of the steps the transparency page reports, newest month first. */
export async function countEventsPerMonth(db: Db, months: number) {
  return db
    .selectFrom('takedown_events')
    .select([
      sql<string>`to_char(date_trunc('month', created_at at time zone 'UTC'), 'YYYY-MM')`.as('month'),
      'action',
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('action', 'in', [...TRANSPARENCY_ACTIONS])
    .groupBy(['month', 'action'])
    .orderBy('month', 'desc')
    .limit(months * TRANSPARENCY_ACTIONS.length)
    .execute();
}

/** Removed items per source and per author: repeat infringers stand out. */
export async function countStrikes(db: Db) {
  const base = db.selectFrom('takedown_items').where('removed_at', 'is not', null);
  const [perSource, perAuthor] = await Promise.all([
    base.select(['source', (eb) => eb.fn.countAll<string>().as('strikes')]).groupBy('source').orderBy('strikes', 'desc').execute(),
    base
      .select(['source', 'author_handle', (eb) => eb.fn.countAll<string>().as('strikes')])
      .where('author_handle', 'is not', null)
      .groupBy(['source', 'author_handle'])
      .orderBy('strikes', 'desc')
      .limit(100)
      .execute(),
  ]);
  return {
    perSource: perSource.map((row) => ({ source: row.source, strikes: Number(row.strikes) })),
    perAuthor: perAuthor.map((row) => ({ source: row.source, authorHandle: row.author_handle ?? '', strikes: Number(row.strikes) })),
  };
}
