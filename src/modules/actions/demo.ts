/**
 * The demo partnership's own actions: decisions of the partnership executive and its subgroups
 * over the last year, in every state (open, overdue, done with and without evidence of impact,
 * dropped, and a few not SMART), and each agency's lead for reminders. Deterministic.
 */
import { addDays } from '../../platform/calendar/civil-date.ts';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/client.ts';
import { Random } from '../../synthetic/random.ts';
import type { ActionsService, HistoricalAction } from './service.ts';

const DECISIONS: [string, string][] = [
  ['Partnership executive', 'Agree a shared escalation policy for professional disagreements'],
  ['Partnership executive', 'Publish the threshold document with worked examples for schools'],
  ['Quality and performance subgroup', 'Report attendance at strategy discussions by agency every quarter'],
  ['Quality and performance subgroup', 'Add the voice of the child to the multi-agency dashboard'],
  ['Learning and development subgroup', 'Run a briefing on child protection medicals for GPs'],
  ['Learning and development subgroup', 'Refresh the neglect toolkit training for early help practitioners'],
  ['Education subgroup', 'Remind designated safeguarding leads of Operation Encompass acknowledgement times'],
  ['Exploitation subgroup', 'Agree a return home interview standard with the police and children’s services'],
  ['Partnership executive', 'Agree the budget contribution of each safeguarding partner'],
  ['Health subgroup', 'Audit the recording of fathers and male carers in health visiting records'],
];

const OWNERS = [
  'Head of Safeguarding',
  'Designated Nurse',
  'Detective Inspector, Public Protection',
  'Service Manager',
  'Named Doctor',
  'Partnership Manager',
];

export async function seedDemoActions(db: Db, actions: ActionsService) {
  const random = new Random(11_100);
  const today = actions.today();
  const organisations = await actions.organisations();
  if (!organisations.length) return;
  const rows: HistoricalAction[] = [];
  for (let i = 0; i < 30; i++) {
    const [group, description] = DECISIONS[i % DECISIONS.length]!;
    const createdOn = addDays(today, -random.int(20, 360));
    const organisation = random.pick(organisations);
    const dueOn = addDays(createdOn, random.int(30, 150));
    const state = random.weighted([
      ['open', 3],
      ['done', 4],
      ['dropped', 1],
    ] as const);
    // Done and dropped only once the date has passed; a few lack a part (not SMART), as in real trackers.
    const closedOn = addDays(createdOn, random.int(10, 120));
    const status = state !== 'open' && closedOn <= today ? state : 'open';
    const notSmart = random.chance(0.15);
    const owner = `${random.pick(OWNERS)}, ${organisation.name}`;
    rows.push({
      description,
      owningOrganisationId: organisation.id,
      ownerName: notSmart && random.chance(0.5) ? null : owner,
      dueOn: notSmart && random.chance(0.5) ? null : dueOn,
      measurableOutcome: notSmart
        ? null
        : 'Confirmed at the next meeting of the subgroup, with the evidence attached',
      source: { module: 'governance', type: 'decision', id: createdOn, label: `${group}, ${createdOn}` },
      createdOn,
      status,
      ...(status !== 'open' ? { closedOn } : {}),
      ...(status === 'dropped'
        ? { droppedReason: 'Superseded by the new national guidance (Working Together 2023)' }
        : {}),
      updates: [
        { on: addDays(createdOn, 7), by: owner, note: 'Started: the first draft is with the subgroup' },
        ...(status === 'done'
          ? [
              {
                on: closedOn,
                by: owner,
                note: 'Done: agreed and published to every agency',
                statusChange: 'done' as const,
              },
            ]
          : status === 'dropped'
            ? [{ on: closedOn, by: owner, note: 'Dropped: superseded', statusChange: 'dropped' as const }]
            : []),
      ],
      ...(status === 'done' && random.chance(0.6)
        ? {
            impact: {
              judgement: random.pick(['embedded', 'partly', 'not_evidenced'] as const),
              evidence: 'The follow-up dip sample by the quality and performance subgroup',
              judgedOn:
                closedOn < today
                  ? addDays(closedOn, Math.min(20, Math.max(0, daysBetween(closedOn, today))))
                  : today,
              by: 'Partnership Manager',
            },
          }
        : {}),
    });
  }
  await db.transaction().execute(async (trx) => {
    await actions.importActionsInTrx(trx, auditWriterFor(SYSTEM_ACTOR), rows);
    await trx
      .insertInto('actionAgencyLead')
      .values(
        organisations.map((o, i) => ({
          organisationId: o.id,
          name: `${OWNERS[i % OWNERS.length]}`,
          email: `actions.lead.${o.id}@demo.example`,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
