/**
 * The officer's incident journey keeps its answers between pages in a draft, one per officer,
 * in the database rather than the session: sessions here carry only who is signed in, and a
 * draft kept in the database survives a phone that drops its connection between pages. Nothing in
 * a draft is a notice: it is recorded only when the officer confirms on "Check your answers", and
 * then deleted. A draft untouched for 7 days is treated as gone and deleted at the next save.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/client.ts';
import * as clock from '../../platform/clock.ts';
import type { DraftAnswers } from './tables.ts';

export type { DraftAnswers };

/** How long an untouched draft is kept. */
export const DRAFT_DAYS = 7;

const oldest = (now: Date) => new Date(now.getTime() - DRAFT_DAYS * 86_400_000);

/** The officer's draft, or an empty one. */
export async function loadDraft(db: Db, userId: string, now = clock.now()): Promise<DraftAnswers> {
  const row = await db
    .selectFrom('encompassIncidentDraft')
    .select(['answers', 'updatedAt'])
    .where('userId', '=', userId)
    .where('updatedAt', '>=', oldest(now))
    .executeTakeFirst();
  const answers = row?.answers as DraftAnswers | string | undefined;
  const parsed = typeof answers === 'string' ? (JSON.parse(answers) as DraftAnswers) : answers;
  return { incident: parsed?.incident ?? {}, children: parsed?.children ?? [] };
}

/** Saves the officer's draft (and clears anyone's draft left too long). */
export async function saveDraft(db: Db, userId: string, answers: DraftAnswers, now = clock.now()) {
  await db.deleteFrom('encompassIncidentDraft').where('updatedAt', '<', oldest(now)).execute();
  const json = JSON.stringify(answers);
  await db
    .insertInto('encompassIncidentDraft')
    .values({ userId, answers: sql`${json}::jsonb` as unknown as string, updatedAt: now })
    .onConflict((oc) =>
      oc.column('userId').doUpdateSet({ answers: sql`${json}::jsonb` as unknown as string, updatedAt: now }),
    )
    .execute();
}

/** Deletes the officer's draft (recorded, or started again). */
export async function discardDraft(db: Db, userId: string) {
  await db.deleteFrom('encompassIncidentDraft').where('userId', '=', userId).execute();
}
