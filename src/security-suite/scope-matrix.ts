/**
 * The route × scoped role × in-scope / out-of-scope table (issue 13). The routes come from what the
 * app registers (scope-matrix.test.ts); this file says only, per family of routes, how to find in
 * the demo data one record a scoped user may see and one they may not. A GET route with an id
 * parameter that a role with a place (setting, team, organisation) may reach, and that no family
 * here covers, fails the suite unless NOT_PLACE_SCOPED says why its records are not kept by place.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Role } from '../platform/auth/roles.ts';
import type { Db } from '../platform/db/client.ts';

/** Where a scoped user works: the facts a record is judged in or out of scope against. */
export interface Place {
  userId: string;
  role: Role;
  settingId: number | null;
  teamId: number | null;
  /** The district of the user's team. */
  districtId: number | null;
  organisationId: number | null;
}

/** One record: the route's parameters that open it, and text that identifies it on a page. */
export interface Found {
  params: Record<string, string>;
  text: string;
}

export interface Family {
  /** What the records are and what puts one in a user's scope: the ground truth, read from the data. */
  what: string;
  routes: RegExp;
  /**
   * One record in the place's scope and one out of it (null: the demo has none for this place).
   * Queries read the tables directly, never the module's own code, so a route that shows too much,
   * or wrongly hides what the user should see, is caught.
   */
  find(db: Db, place: Place, url: string): Promise<{ inScope: Found | null; outOfScope: Found | null }>;
  /** Roles holding the permission that see every record of the family, with the reason. */
  seesAll?: Partial<Record<Role, string>>;
}

const NONE = -1;
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** The first row of `select <params…>, <text> as text from … where <condition>`, as a Found. */
async function first(db: Db, query: RawBuilder<Record<string, unknown>>): Promise<Found | null> {
  const row = (await query.execute(db)).rows[0];
  if (!row) return null;
  const { text, ...params } = row as { text: string } & Record<string, unknown>;
  // The text is looked for on the out-of-scope page: it must say something of the record.
  if (String(text).trim().length < 3) throw new Error(`scope matrix: too little text to look for: “${text}”`);
  return {
    text: String(text),
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  };
}

async function pair(db: Db, select: (mine: boolean) => RawBuilder<Record<string, unknown>>) {
  const [inScope, outOfScope] = await Promise.all([first(db, select(true)), first(db, select(false))]);
  return { inScope, outOfScope };
}

/** `condition` when looking for the user's own record, `not (condition)` (nulls counted as not) otherwise. */
const when = (mine: boolean, condition: RawBuilder<unknown>) =>
  mine ? condition : sql`not coalesce(${condition}, false)`;

export const FAMILIES: Family[] = [
  {
    // A DSL: the children on their setting's roll. A health visitor: the under-fives of their
    // team's district (4 years old here, clear of the birthday). The front door: its district.
    what: 'a child of the index',
    routes: /^\/(registry\/)?children\/:id$/,
    find: (db, p) =>
      pair(db, (mine) => {
        const own =
          p.role === 'dsl'
            ? sql`exists (select 1 from child_enrolment e where e.child_id = c.id and e.setting_id = ${p.settingId ?? NONE})`
            : p.role === 'health_visitor'
              ? sql`c.district_id = ${p.districtId ?? NONE} and c.date_of_birth > current_date - interval '4 years'`
              : sql`c.district_id = ${p.districtId ?? NONE}`;
        // Out of scope: no tie at all (a health visitor's district's older child is tested in children's own tests).
        const none =
          p.role === 'dsl'
            ? sql`not exists (select 1 from child_enrolment e where e.child_id = c.id and e.setting_id = ${p.settingId ?? NONE})`
            : sql`c.district_id is distinct from ${p.districtId ?? NONE}`;
        return sql`select c.id, c.given_name || ' ' || c.family_name as text from child c
          where ${mine ? own : none} and length(c.given_name) > 1 and length(c.family_name) > 1 order by c.id limit 1`;
      }),
  },
  {
    // To a setting (its DSL) or to a team (health visiting, the front door). A withdrawn notice is gone for its recipient, so in-scope ones are live.
    what: 'an Operation Encompass notice',
    routes: /^\/encompass\/notices\/:id(\/print)?$/,
    find: (db, p) =>
      pair(db, (mine) => {
        const own =
          p.role === 'dsl'
            ? sql`n.setting_id = ${p.settingId ?? NONE}`
            : sql`n.team_id = ${p.teamId ?? NONE}`;
        return sql`select n.id, ec.given_name || ' ' || ec.family_name as text
          from encompass_notice n join encompass_child ec on ec.id = n.encompass_child_id
          join encompass_incident i on i.id = n.incident_id
          where ${when(mine, own)} ${mine ? sql`and n.withdrawn_at is null` : sql``} order by n.id limit 1`;
      }),
  },
  {
    // The force that recorded the incident; a notice's correction and withdrawal belong to the
    // incident's force too.
    what: 'a police incident, and its notices’ correction and withdrawal',
    routes: /^\/encompass\/(incidents\/:id(\/amend)?|notices\/:id\/(correct|withdraw))$/,
    find: (db, p, url) =>
      pair(db, (mine) => {
        const own = sql`i.organisation_id = ${p.organisationId ?? NONE}`;
        return url.includes('/notices/')
          ? sql`select n.id, i.police_reference as text from encompass_notice n join encompass_incident i on i.id = n.incident_id
              where ${when(mine, own)} and n.withdrawn_at is null order by n.id limit 1`
          : sql`select i.id, i.police_reference as text from encompass_incident i where ${when(mine, own)} order by i.id limit 1`;
      }),
  },
  {
    // A referrer sees the referrals they made and, once sent, those of their own setting, team or
    // organisation; a draft is its referrer's alone, and only a draft is edited. The front door
    // works every referral.
    what: 'a Family Front Door referral',
    routes: /^\/front-door\/referrals\/:id(\/edit)?$/,
    seesAll: { front_door_practitioner: 'the front door works every referral (front-door:casework)' },
    find: (db, p, url) =>
      pair(db, (mine) => {
        const place =
          p.role === 'dsl' || p.role === 'head_teacher'
            ? sql`r.setting_id = ${p.settingId ?? NONE}`
            : p.role === 'police_officer'
              ? sql`r.organisation_id = ${p.organisationId ?? NONE}`
              : sql`r.team_id = ${p.teamId ?? NONE}`;
        const mineOnly = sql`r.referrer_user_id = ${p.userId}`;
        const own = url.endsWith('/edit')
          ? sql`(${mineOnly} and r.status = 'draft')`
          : sql`(${mineOnly} or (${place} and r.status <> 'draft'))`;
        // Out of scope: neither theirs nor their place's, whatever its state.
        const tie = sql`(${mineOnly} or ${place})`;
        return sql`select r.id, coalesce((select rc.given_name || ' ' || rc.family_name from front_door_referral_child rc where rc.referral_id = r.id order by rc.id limit 1), r.referrer_name) as text
          from front_door_referral r where ${mine ? own : when(false, tie)} order by r.id limit 1`;
      }),
  },
  {
    // A concern raised from the user's own setting, team or force, or by the user.
    what: 'a GET SAFE exploitation concern',
    routes: /^\/exploitation\/concerns\/:id$/,
    find: (db, p) =>
      pair(db, (mine) => {
        const own =
          p.role === 'dsl' || p.role === 'head_teacher'
            ? sql`x.referrer_setting_id = ${p.settingId ?? NONE}`
            : p.role === 'police_officer'
              ? sql`x.referrer_organisation_id = ${p.organisationId ?? NONE}`
              : sql`x.referrer_team_id = ${p.teamId ?? NONE}`;
        return sql`select x.id, c.given_name || ' ' || c.family_name as text from exploitation_concern x join child c on c.id = x.child_id
          where ${when(mine, sql`(${own} or x.referrer_user_id = ${p.userId})`)} order by x.id limit 1`;
      }),
  },
  {
    // A MACE meeting and its items: only the meetings the user attends (while access lasts); out of
    // scope: a meeting they do not attend.
    what: 'a MACE meeting and its items',
    routes: /^\/exploitation\/mace\/:id(\/items\/:itemId)?$/,
    find: (db, p, url) =>
      pair(db, (mine) => {
        const attends = sql`exists (select 1 from exploitation_mace_attendee a where a.meeting_id = m.id and a.user_id = ${p.userId})`;
        // In scope: attended, from the agenda's publication to the end of the access days after.
        const open = sql`m.agenda_published_at <= now() and m.meets_on + m.access_days >= current_date`;
        const own = mine ? sql`(${attends} and ${open})` : attends;
        return url.includes(':itemId')
          ? sql`select m.id, it.id as "itemId", c.given_name || ' ' || c.family_name as text from exploitation_mace_meeting m
              join exploitation_mace_item it on it.meeting_id = m.id join child c on c.id = it.child_id
              where ${when(mine, own)} order by m.meets_on desc limit 1`
          : sql`select m.id, coalesce((select c.given_name || ' ' || c.family_name from exploitation_mace_item it join child c on c.id = it.child_id where it.meeting_id = m.id limit 1), m.chair) as text
              from exploitation_mace_meeting m where ${when(mine, own)} order by m.meets_on desc limit 1`;
      }),
  },
  {
    // A hospital attendance from WREN: the nurse's own team.
    what: 'a health-screening (WREN) attendance',
    routes: /^\/health-screening\/attendances\/:id$/,
    find: (db, p) =>
      pair(
        db,
        (mine) =>
          sql`select w.id, coalesce(w.given_name || ' ', '') || w.family_name as text from wren_attendance w
            where ${when(mine, sql`w.team_id = ${p.teamId ?? NONE}`)} order by w.id limit 1`,
      ),
  },
  {
    // An action of the partnership's plans, and the evidence files of its updates: the
    // organisation that owns it.
    what: 'an action and its updates’ files',
    routes: /^\/actions\/:id(\/updates\/:updateId\/file)?$/,
    find: (db, p, url) =>
      pair(db, (mine) => {
        const own = sql`a.owning_organisation_id = ${p.organisationId ?? NONE}`;
        return url.endsWith('/file')
          ? sql`select a.id, u.id as "updateId", convert_from(u.file_content, 'UTF8') as text from action_item a
              join action_update u on u.action_item_id = a.id where u.file_content is not null and ${when(mine, own)} order by u.id limit 1`
          : sql`select a.id, a.description as text from action_item a where ${when(mine, own)} order by a.id limit 1`;
      }),
  },
  {
    // A WREN import: the hospital team that uploaded it.
    what: 'a health-screening (WREN) import',
    routes: /^\/health-screening\/imports\/:id(\/columns)?$/,
    find: (db, p) =>
      pair(
        db,
        (mine) =>
          sql`select w.id, w.filename as text from wren_import w
            where ${when(mine, sql`w.team_id = ${p.teamId ?? NONE}`)} order by w.id limit 1`,
      ),
  },
  {
    // A list reconciled against the GET SAFE flags: the officer who uploaded it, no one else.
    what: 'a GET SAFE reconciliation',
    routes: /^\/exploitation\/reconcile\/:id(\/columns)?$/,
    find: (db, p) =>
      pair(
        db,
        (mine) =>
          sql`select r.id, r.filename as text from exploitation_reconciliation r
            where ${when(mine, sql`r.created_by = ${p.userId}`)} order by r.id limit 1`,
      ),
  },
  {
    // The front door's inbox: the notices Operation Encompass sent to the Family Front Door, not
    // those to a setting or to health visiting.
    what: 'a notice in the Family Front Door’s inbox',
    routes: /^\/front-door\/notices\/:id$/,
    find: (db) =>
      pair(
        db,
        (mine) =>
          sql`select n.id, ec.given_name || ' ' || ec.family_name as text from encompass_notice n
            join encompass_child ec on ec.id = n.encompass_child_id
            where ${when(mine, sql`n.recipient = 'family_front_door' and n.withdrawn_at is null`)} order by n.id limit 1`,
      ),
  },
  {
    // A multi-agency audit: the auditors named on it. Its cases: those auditors, of an agency it
    // asked, while it runs (until complete).
    what: 'a multi-agency audit and its cases',
    routes: /^\/quality\/audits\/:id(\/cases\/:caseId)?$/,
    find: (db, p, url) =>
      pair(db, (mine) => {
        const named = sql`exists (select 1 from qa_auditor u where u.audit_id = q.id and u.user_id = ${p.userId})`;
        if (!url.includes(':caseId'))
          return sql`select q.id, q.title as text from qa_audit q where ${when(mine, named)} order by q.id limit 1`;
        const own = sql`${named} and q.status <> 'complete' and exists (select 1 from qa_audit_agency g where g.audit_id = q.id and g.organisation_id = ${p.organisationId ?? NONE})`;
        return sql`select q.id, k.id as "caseId", c.given_name || ' ' || c.family_name as text
          from qa_case k join qa_audit q on q.id = k.audit_id join child c on c.id = k.child_id
          where ${mine ? own : sql`not ${named}`} order by k.id limit 1`;
      }),
  },
  {
    // A school's return to the yearly safeguarding audit (section 175/157): its own setting.
    what: 'a school’s safeguarding audit return',
    routes:
      /^\/schools-audit\/years\/:yearId\/schools\/:settingId(\/sections\/:sectionId|\/submit|\/reopen)?$/,
    find: (db, p, url) =>
      pair(db, (mine) => {
        const section = url.includes(':sectionId')
          ? sql`, (select s.id from schools_audit_section s where s.year_id = r.year_id order by s.position limit 1) as "sectionId"`
          : sql``;
        // A submitted return is answered or submitted no more; only a submitted one is reopened.
        const state = !mine
          ? sql``
          : /sections|submit/.test(url)
            ? sql`and r.status <> 'submitted'`
            : url.endsWith('/reopen')
              ? sql`and r.status = 'submitted'`
              : sql``;
        return sql`select r.year_id as "yearId", r.setting_id as "settingId" ${section}, st.name as text
          from schools_audit_return r join setting st on st.id = r.setting_id
          where ${when(mine, sql`r.setting_id = ${p.settingId ?? NONE}`)} ${state} order by r.year_id desc, r.setting_id limit 1`;
      }),
  },
  {
    // A setting's page: a DSL sees their own only; the police and the front door see any setting.
    what: 'a setting of the registry',
    routes: /^\/registry\/settings\/:id$/,
    seesAll: {
      police_officer: 'the police need every setting’s contacts',
      front_door_practitioner: 'the front door needs every setting’s contacts',
    },
    find: (db, p) =>
      pair(
        db,
        (mine) =>
          sql`select s.id, s.name as text from setting s where ${when(mine, sql`s.id = ${p.settingId ?? NONE}`)} order by s.id limit 1`,
      ),
  },
  {
    // A case sampled for the front door's audit: the auditor it was given to.
    what: 'a Family Front Door audit case',
    routes: /^\/front-door\/audits\/cases\/:id$/,
    find: (db, p) =>
      pair(db, (mine) => {
        const own = sql`a.auditor_user_id = ${p.userId ?? NO_USER}`;
        return sql`select a.id, coalesce((select rc.given_name || ' ' || rc.family_name from front_door_referral_child rc where rc.referral_id = a.referral_id order by rc.id limit 1), 'case ' || a.id) as text
          from front_door_audit_case a where ${when(mine, own)} order by a.id limit 1`;
      }),
  },
];

/**
 * Routes a role with a place may reach whose records are not kept by place, with the reason. Kept
 * short: each is a document or a tool for everyone holding the permission, not a record of a
 * child or of one place.
 */
export const NOT_PLACE_SCOPED: { routes: RegExp; why: string }[] = [
  {
    routes: /^\/quality\/briefings\/:id(\/pdf)?$/,
    why: 'a published learning briefing, for every practitioner',
  },
  {
    routes: /^\/governance\/(groups|documents)\/:id$/,
    why: 'the partnership’s governance papers: no child, no place (executives hold the permission)',
  },
  { routes: /^\/yearly-reports\/:id$/, why: 'the statutory yearly report: figures only, for executives' },
  { routes: /^\/surveys\/:id\/results$/, why: 'survey results: counts only (executives)' },
  {
    routes: /^\/schools-audit\/years\/:yearId\/results(\/questions\/:questionId)?$/,
    why: 'the audit’s results across schools: counts only (executives)',
  },
  {
    routes: /^\/surveys\/respond\/:token(\/thanks)?$/,
    why: 'a survey invitation: the token is the user’s own, a wrong one is 404',
  },
  {
    routes: /^\/encompass\/incidents\/new\/children\/:n$/,
    why: 'the nth child of the officer’s own incident being recorded (kept in their session)',
  },
  {
    routes: /^\/health-screening\/keywords\/versions\/:version\/changes$/,
    why: 'the triage keyword list’s versions: no child, the same for every nurse',
  },
  {
    routes: /^\/journey\/kpis\/:id\/records$/,
    why: 'the id names a KPI (a definition, the same for all), not a record',
  },
  {
    routes:
      /^\/front-door\/(referrals\/:id\/(decision|strategy-discussions\/new)|strategy-discussions\/:id)$/,
    why: 'the front door’s casework: only the front door holds it, and it works every referral',
  },
  {
    routes: /^\/front-door\/report-records\/:figure$/,
    why: 'the records behind a yearly-report figure of the front door’s casework, which only the front door holds',
  },
  {
    routes: /^\/registry\/report-records\/:figure$/,
    why: 'the settings behind a count of settings: the registry’s list, no child, the same for every role that browses it',
  },
];

/**
 * Routes a placed role may reach whose in-scope / out-of-scope check is not written yet, each with
 * why. The test fails when one of these gains a family (take it off) and lists them in its output.
 */
export const KNOWN_UNCHECKED: { routes: RegExp; why: string }[] = [
  {
    routes: /^\/exploitation\/reconcile\/:id\/(ours|:list)$/,
    why: 'these exist only once a list is reconciled (a real upload and matching run); the reconciliation itself and its columns are checked',
  },
  {
    routes: /^\/(actions|health-screening)\/report-records\/:figure$/,
    why: 'the id names a yearly-report figure, not a record: its list is filtered by the module’s scope, which actions/records.test.ts (an agency sees its own actions) and health-screening/records.test.ts (a nurse sees her own team’s attendances) check',
  },
];

/**
 * Faults this matrix found in other modules' routes, left to their owners (named in the report).
 * Each is still checked: the test fails when one stops happening, so it comes off the list.
 */
export const KNOWN_FAULTS: { problem: RegExp; why: string }[] = [];
