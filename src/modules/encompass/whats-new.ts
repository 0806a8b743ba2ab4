/**
 * What is new in Operation Encompass for the signed-in person since they last looked
 * (platform/whats-new.ts): by what they may do, never by their role's name.
 *   - A notice's recipients (DSLs, health visitors, the Family Front Door): notices sent to their
 *     setting or team, and notices the police changed after they read them.
 *   - The police: feedback a setting gave on their force's incidents.
 *   - The coordinator: notices escalated because no one acknowledged them in time.
 * Someone who has never looked sees the last 14 days. "Last looked" is encompass_whats_new_seen.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { WhatsNewReader, WhatsNewSection, WhatsNewSource } from '../../platform/whats-new.ts';
import * as clock from '../../platform/clock.ts';
import { readableMoment } from './pages/journey.ts';
import { incidentScope, noticeScope } from './policy.ts';
import { FEEDBACK } from './schema.ts';

type Executor = Kysely<Database>;
const NEVER_LOOKED_DAYS = 14;
const LIST_LIMIT = 50;

/** Which kinds of news the reader may have, and the scope of each. */
function kindsFor(reader: WhatsNewReader) {
  const p = reader.permissions;
  const notices = p.allows('encompass:notices') && !p.allows('encompass:coordinate');
  const scope = notices ? noticeScope(p.listScope('encompass:notices')) : undefined;
  return {
    notices: scope,
    feedback: p.allows('encompass:record') ? incidentScope(p.listScope('encompass:incidents')) : undefined,
    escalations: p.allows('encompass:coordinate'),
  };
}

/** Since when things are new for the reader: when they last looked, or 14 days ago. */
function since(userId: string, now: Date) {
  const fallback = new Date(now.getTime() - NEVER_LOOKED_DAYS * 24 * 3_600_000);
  return sql<Date>`coalesce((SELECT looked_at FROM encompass_whats_new_seen WHERE user_id = ${userId}), ${fallback})`;
}

/** The notice queries each kind of news counts or lists (`n` the notice, `i` its incident). */
function newsQueries(db: Executor, reader: WhatsNewReader, now: Date) {
  const kinds = kindsFor(reader);
  const after = since(reader.userId, now);
  const base = () =>
    db
      .selectFrom('encompassNotice as n')
      .innerJoin('encompassIncident as i', 'i.id', 'n.incidentId')
      .innerJoin('encompassChild as c', 'c.id', 'n.encompassChildId');
  const queries: { kind: 'notices' | 'feedback' | 'escalations'; query: ReturnType<typeof base> }[] = [];
  if (kinds.notices) {
    let query = base()
      .where('n.status', 'in', ['sent', 'acknowledged'])
      .where((eb) => eb.or([eb('n.sentAt', '>', after), eb('n.readAgainSince', '>', after)]));
    const scope = kinds.notices;
    if ('settingId' in scope)
      query = query.where('n.settingId', '=', scope.settingId).where('n.recipient', '=', 'setting');
    if ('teamId' in scope) query = query.where('n.teamId', '=', scope.teamId);
    queries.push({ kind: 'notices', query });
  }
  if (kinds.feedback !== undefined) {
    let query = base().where('n.feedback', 'is not', null).where('n.acknowledgedAt', '>', after);
    if (kinds.feedback !== null) query = query.where('i.organisationId', '=', kinds.feedback);
    queries.push({ kind: 'feedback', query });
  }
  if (kinds.escalations)
    queries.push({ kind: 'escalations', query: base().where('n.escalatedAt', '>', after) });
  return queries;
}

export function encompassWhatsNew(db: Executor, now: () => Date = clock.now): WhatsNewSource {
  return {
    async count(reader) {
      const queries = newsQueries(db, reader, now());
      if (!queries.length) return 0;
      // One round trip: each kind's count is a scalar subquery of the same SELECT.
      const row = await db
        .selectNoFrom((eb) =>
          queries.map(({ kind, query }) =>
            eb
              .selectFrom(query.select(sql<number>`count(*)`.as('n')).as(kind))
              .select('n')
              .as(kind),
          ),
        )
        .executeTakeFirstOrThrow();
      return Object.values(row as Record<string, unknown>).reduce<number>((sum, n) => sum + Number(n), 0);
    },

    async list(reader) {
      const sections: WhatsNewSection[] = [];
      for (const { kind, query } of newsQueries(db, reader, now())) {
        const rows = await query
          .leftJoin('registrySetting as s', 's.id', 'n.settingId')
          .select([
            'n.id',
            'n.incidentId',
            'n.sentAt',
            'n.readAgainSince',
            'n.acknowledgedAt',
            'n.escalatedAt',
            'n.dueAt',
            'n.feedback',
            'c.givenName',
            'c.familyName',
            'c.childId',
            'i.policeReference',
            's.name as settingName',
          ])
          .orderBy(
            kind === 'feedback' ? 'n.acknowledgedAt' : kind === 'escalations' ? 'n.escalatedAt' : 'n.sentAt',
            'desc',
          )
          .limit(LIST_LIMIT)
          .execute();
        const record = (r: (typeof rows)[number]) => ({
          type: 'encompass-notice',
          id: r.id,
          childId: r.childId,
        });
        if (kind === 'notices')
          sections.push({
            title: 'Notices for you',
            items: rows.map((r) => ({
              text: `${r.readAgainSince ? 'Changed by the police, read it again' : 'New notice'}: ${r.givenName} ${r.familyName} (${r.policeReference}), due ${readableMoment(r.dueAt)}`,
              href: `/encompass/notices/${r.id}`,
              at: (r.readAgainSince ?? r.sentAt)!,
              record: record(r),
            })),
          });
        if (kind === 'feedback')
          sections.push({
            title: 'Feedback on your incidents',
            // The setting and the police reference: the incident's page names the child.
            items: rows.map((r) => ({
              text: `${r.policeReference}: ${r.settingName ?? 'A recipient'} said “${FEEDBACK[r.feedback as keyof typeof FEEDBACK] ?? r.feedback}”`,
              href: `/encompass/incidents/${r.incidentId}`,
              at: r.acknowledgedAt!,
            })),
          });
        if (kind === 'escalations')
          sections.push({
            title: 'Escalated: not acknowledged in time',
            items: rows.map((r) => ({
              text: `${r.givenName} ${r.familyName} (${r.policeReference}), ${r.settingName ?? 'its recipient'}, was due ${readableMoment(r.dueAt)}`,
              href: `/encompass/notices/${r.id}`,
              at: r.escalatedAt!,
              record: record(r),
            })),
          });
      }
      return sections;
    },

    async looked(reader, at) {
      await db
        .insertInto('encompassWhatsNewSeen')
        .values({ userId: reader.userId, lookedAt: at })
        .onConflict((oc) => oc.column('userId').doUpdateSet({ lookedAt: at }))
        .execute();
    },
  };
}
