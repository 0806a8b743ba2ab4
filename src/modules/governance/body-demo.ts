/**
 * The demo partnership's governance over the last financial year and this one: the executive
 * group and four subgroups with members by agency, about a year of meetings with attendance and
 * decisions (each decision's action in the action tracker), priorities with quarterly progress (one
 * without evidence for two quarters), published documents (one review overdue) and independent
 * scrutiny. Synthetic people only; deterministic for a given day.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { Random } from '../../synthetic/random.ts';
import type { GovernanceService } from './governance-service.ts';
import { quarterOf } from './rules.ts';

const AGENCIES = [
  'Children’s Services',
  'Integrated Care Board',
  'Police',
  'Education',
  'Health Trust',
] as const;
const GROUPS = [
  {
    name: 'Executive Group',
    kind: 'executive' as const,
    purpose:
      'The three safeguarding partners set priorities, agree the budget and hold the partnership to account',
  },
  {
    name: 'Quality Assurance subgroup',
    kind: 'subgroup' as const,
    purpose: 'Multi-agency audits and the performance framework',
  },
  {
    name: 'Practice Review subgroup',
    kind: 'subgroup' as const,
    purpose: 'Rapid reviews, child safeguarding practice reviews and their learning',
  },
  {
    name: 'GET SAFE subgroup',
    kind: 'subgroup' as const,
    purpose: 'Children at risk of exploitation and going missing',
  },
  {
    name: 'Education Head Teachers subgroup',
    kind: 'subgroup' as const,
    purpose: 'Safeguarding in schools and the section 175 audit',
  },
];

const DECISIONS: readonly (readonly [string, string])[] = [
  [
    'Adopt the revised Neglect Toolkit across all agencies',
    'The audit of neglect cases found the old toolkit was used inconsistently',
  ],
  [
    'Fund the Operation Encompass posts for another year from reserves',
    'Notifications to schools rose and the DfE grant is one-off',
  ],
  [
    'Commission a multi-agency audit of strategy discussions',
    'The front door figures show fewer discussions held within timescale',
  ],
  [
    'Publish a learning briefing from the latest rapid review',
    'Practitioners asked for the learning in a short form',
  ],
  ['Raise partner contributions by 2 % next year', 'To cover inflation without drawing further on reserves'],
  [
    'Add the education head teachers to the executive’s quarterly meeting',
    'Schools are the fourth partner in practice',
  ],
];

export async function seedDemoGovernanceBody(
  services: { governance: GovernanceService },
  today: string,
): Promise<void> {
  const audit = auditWriterFor(SYSTEM_ACTOR);
  const random = new Random(190);
  const person = () =>
    `${random.pick(random.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)} ${random.pick(FAMILY_NAMES)}`;
  const current = quarterOf(today);
  const lastYearStart = `${Number(current.year.slice(0, 4)) - 1}-04-01`;
  const previousYear = quarterOf(lastYearStart).year;

  const groupIds: number[] = [];
  for (const g of GROUPS) {
    const members = AGENCIES.map((agency) => ({
      name: person(),
      roleTitle: `${agency} safeguarding lead`,
      agency,
    }));
    const chair = members[0]!;
    groupIds.push(
      await services.governance.createGroup(
        audit,
        { ...g, chairName: chair.name, chairAgency: chair.agency },
        members,
      ),
    );
  }

  // About a year of meetings: the executive every two months, subgroups quarterly.
  let decision = 0;
  for (const [index, groupId] of groupIds.entries()) {
    const every = index === 0 ? 61 : 91;
    const group = await services.governance.group(groupId);
    for (let day = addDays(today, -360 + index * 7); day < today; day = addDays(day, every)) {
      const present = group!.members.filter(() => random.chance(0.8)).map((m) => m.id);
      const made = random.chance(0.6) ? DECISIONS[decision++ % DECISIONS.length]! : null;
      await services.governance.recordMeeting(audit, null, {
        groupId,
        heldOn: day,
        presentMemberIds: present,
        decisions: made
          ? [
              {
                what: made[0],
                why: made[1],
                decidedBy:
                  index === 0 ? 'The three safeguarding partners' : `${group!.group.name}, by agreement`,
                action: {
                  description: `Carry out: ${made[0].toLowerCase()}`,
                  owningOrganisationId: null,
                  ownerName: group!.group.chairName,
                  dueOn: addDays(day, 90),
                  measurableOutcome: 'Reported done at the next meeting',
                },
              },
            ]
          : [],
      });
    }
  }

  // Priorities: last year's four (all quarters) and this year's, up to the current quarter.
  const PRIORITIES = [
    ['Neglect', 'Children living with neglect are identified earlier and helped sooner', 0],
    ['Exploitation', 'Children at risk of exploitation are known to every agency and safer', 3],
    ['Learning into practice', 'Learning from reviews changes what practitioners do', 2],
    ['Voice of the child', 'Children’s views shape plans and services', 1],
  ] as const;
  for (const year of [previousYear, current.year]) {
    const upTo = year === current.year ? current.quarter : 4;
    for (const [title, description, owner] of PRIORITIES) {
      const id = await services.governance.createPriority(audit, {
        financialYear: year,
        title,
        description,
        ownerGroupId: groupIds[owner]!,
      });
      for (let q = 1; q <= upTo; q++) {
        // Learning into practice has no evidence in quarters 2 and 3: listed for the report.
        const noEvidence = title === 'Learning into practice' && (q === 2 || q === 3);
        await services.governance.recordProgress(audit, {
          priorityId: id,
          quarter: q,
          rag: noEvidence ? 'red' : random.pick(['green', 'amber', 'green'] as const),
          summary: noEvidence
            ? 'Briefings planned; not yet delivered'
            : `Quarter ${q} actions delivered as planned`,
          evidence: noEvidence ? null : `Quarter ${q} audit and performance figures reported to the subgroup`,
        });
      }
    }
  }

  const DOCUMENTS = [
    [
      'safeguarding-arrangements',
      'Multi-agency safeguarding arrangements',
      'arrangements',
      'Executive Group',
      'How the three safeguarding partners work together, as Working Together 2023 requires',
      300,
    ],
    [
      'neglect-toolkit',
      'Neglect Toolkit',
      'toolkit',
      'Quality Assurance subgroup',
      'Helps practitioners recognise and assess neglect, with the graded care profile',
      200,
    ],
    [
      'escalation-procedure',
      'Resolving professional differences (escalation) procedure',
      'procedure',
      'Business unit',
      'What to do when you disagree with another agency’s decision about a child',
      -30,
    ],
    [
      'child-exploitation-guidance',
      'Child exploitation: thematic guidance',
      'guidance',
      'GET SAFE subgroup',
      'Spotting and responding to criminal and sexual exploitation',
      120,
    ],
    [
      'learning-briefing-rapid-review',
      'Learning briefing: rapid review of a child under one',
      'briefing',
      'Practice Review subgroup',
      'What a rapid review found and what practitioners should do differently',
      60,
    ],
  ] as const;
  for (const [slug, title, kind, owner, summary, reviewInDays] of DOCUMENTS) {
    const id = await services.governance.createDocument(
      audit,
      { slug, title, kind, owner, reviewOn: addDays(today, reviewInDays), status: 'published', summary },
      { version: '1.0', issuedOn: addDays(today, -500), changes: 'First published' },
    );
    if (kind === 'arrangements')
      await services.governance.addVersion(audit, id, {
        version: '2.0',
        issuedOn: addDays(today, -200),
        changes:
          'Updated for Working Together 2023: lead safeguarding partners, education as a relevant agency, independent scrutiny',
        timescale: `In place by ${addDays(today, -20)}`,
        reviewOn: addDays(today, reviewInDays),
        status: 'published',
      });
  }

  const scrutineer = person();
  await services.governance.recordScrutiny(
    audit,
    {
      kind: 'rapid_review',
      title: 'Rapid review decisions of the year reviewed',
      heldOn: addDays(today, -150),
      scrutineer,
    },
    [
      'Decisions were timely and well reasoned',
      'Health information was missing from two of the five rapid reviews',
    ],
  );
  const audited = await services.governance.recordScrutiny(
    audit,
    {
      kind: 'audit_theme',
      title: 'Audit theme chosen: neglect of adolescents',
      heldOn: addDays(today, -90),
      scrutineer,
    },
    ['Adolescent neglect is under-recognised in referrals from schools'],
  );
  await services.governance.recordScrutiny(
    audit,
    {
      kind: 'meeting_attended',
      title: 'Executive Group meeting attended',
      heldOn: addDays(today, -40),
      scrutineer,
    },
    ['Challenge between partners was open and constructive'],
  );
  const found = await services.governance.scrutiny({ from: addDays(today, -400), to: today });
  for (const f of found.flatMap((a) => a.findings).filter((f) => f.scrutinyId !== audited))
    await services.governance.respond(audit, f.id, {
      response: 'Accepted; the subgroup will report progress at its next meeting',
      respondedBy: 'The three safeguarding partners',
      respondedOn: addDays(today, -10),
    });
}
