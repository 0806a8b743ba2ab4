/**
 * The demo partnership's year of multi-agency audits, as the reference report describes it: six
 * audits covering 88 children (strategy discussions that did not lead to section 47, repeat
 * strategy discussions, children on a plan because of domestic abuse, early help after domestic
 * abuse, child protection medicals, and youth justice and serious violence against the JTAI
 * criteria), each agency's self-audit, the panel's grades, family feedback, findings, actions in
 * every state and two published learning briefings. Deterministic; multi-row inserts.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import type { Db } from '../../platform/db/client.ts';
import { Random } from '../../synthetic/random.ts';
import type { ActionsService, HistoricalAction } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import { demoChildren, demoPartnership } from '../registry/index.ts';
import { reportingYearOf } from './routes.ts';
import { GRADE_NAMES } from './rules.ts';
import { QualityService } from './service.ts';
import type { AuditStatus, AuditTheme, Grade } from './tables.ts';

interface PlannedAudit {
  title: string;
  theme: AuditTheme;
  rule: string;
  children: number;
  /** Agency codes asked (registry organisation codes). */
  agencies: string[];
  startMonth: number;
  status: AuditStatus;
  questions: string[];
  strengths: string[];
  learning: string[];
  familiesApproached?: number;
  familiesResponded?: number;
}

const JTAI_QUESTIONS = [
  'What did your agency know about the child and family, and what did it do?',
  'How well was information shared with other agencies, and how promptly?',
  'Was the child seen and heard, and did their voice shape what happened?',
  'How well did management oversight and supervision support the work?',
];

const AUDITS: PlannedAudit[] = [
  {
    title: 'Strategy discussions that did not lead to a section 47 enquiry',
    theme: 'strategy_no_s47',
    rule: 'Strategy discussions held at the Family Front Door from April to June that did not lead to a section 47 enquiry',
    children: 30,
    agencies: ['SCF', 'WSP', 'SHCT', 'SAHT'],
    startMonth: 0,
    status: 'complete',
    questions: JTAI_QUESTIONS,
    strengths: [
      'Threshold decisions at the Family Front Door were sound and proportionate',
      'The right agencies took part in the strategy discussions',
    ],
    learning: ['Actions agreed at strategy discussions are still too generic: make them SMART'],
  },
  {
    title: 'Repeat strategy discussions and section 47 enquiries with no further action',
    theme: 'repeat_strategy',
    rule: 'Children with two or more strategy discussions in twelve months, or a section 47 enquiry ending in no further action; including young people known to the Youth Justice Service',
    children: 10,
    agencies: ['SCF', 'WSP', 'SHCT', 'YJS'],
    startMonth: 1,
    status: 'complete',
    questions: JTAI_QUESTIONS,
    strengths: [
      'Minutes of strategy discussions were shared with partners',
      'Information sharing between agencies was good',
    ],
    learning: ['Some minute templates are difficult to follow and repetitive'],
  },
  {
    title: 'Children on a child protection plan because of domestic abuse',
    theme: 'cp_plan_domestic_abuse',
    rule: 'Children made subject to a child protection plan because of domestic abuse in the home in the last six months',
    children: 7,
    agencies: ['SCF', 'SAHT', 'SHCT', 'ICB', 'WSP', 'PDU', 'YJS', 'SWA'],
    startMonth: 3,
    status: 'complete',
    questions: [
      ...JTAI_QUESTIONS,
      'Did your agency have a copy of the safety plan other agencies had put in place?',
    ],
    strengths: ['Strong working relationships with Women’s Aid and the IDVAs'],
    learning: [
      'Every agency needs a copy of the safety plans other agencies put in place',
      'Police should see children alone at domestic abuse incidents and record the outcome',
    ],
    familiesApproached: 3,
    familiesResponded: 1,
  },
  {
    title: 'Early help after domestic abuse',
    theme: 'early_help_domestic_abuse',
    rule: 'Children receiving support at an early help level following domestic abuse concerns',
    children: 5,
    agencies: ['SCF', 'SAHT', 'SHCT', 'ICB', 'WSP', 'PDU', 'YJS', 'SWA'],
    startMonth: 3,
    status: 'complete',
    questions: [...JTAI_QUESTIONS, 'When risk increased, was the step-up procedure to social care used?'],
    strengths: [
      'When risk increased, the step-up procedure between early help and social care was used',
      'Assessment and intervention were proportionate to need',
    ],
    learning: [
      'Consider when and how GPs are told when families are supported at an early help level',
      'Ensure children are seen and spoken to as part of assessments',
    ],
    familiesApproached: 5,
    familiesResponded: 4,
  },
  {
    title: 'Child protection medicals',
    theme: 'cp_medical',
    rule: 'Children who had a child protection medical in the last six months',
    children: 6,
    agencies: ['SCF', 'SAHT', 'SVHT'],
    startMonth: 5,
    status: 'panel',
    questions: JTAI_QUESTIONS,
    strengths: ['Child protection medicals were held appropriately, with proportionate outcomes'],
    learning: ['Share the medical’s outcome with the GP and health visitor promptly'],
  },
  {
    title: 'Serious violence: benchmarking against the JTAI criteria',
    theme: 'other',
    rule: 'Young people known to the Youth Justice Service with a serious violence flag in the last twelve months',
    children: 30,
    agencies: ['SCF', 'WSP', 'YJS', 'CYT'],
    startMonth: 7,
    status: 'auditing',
    questions: JTAI_QUESTIONS,
    strengths: [],
    learning: [],
  },
];

const OWNERS = [
  'Head of Safeguarding',
  'Designated Nurse',
  'Detective Inspector, Public Protection',
  'Service Manager',
  'Named Doctor',
];

export async function seedDemoAudits(
  db: Db,
  services: { children: ChildrenService; actions: ActionsService; quality: QualityService },
  childCount: number,
) {
  const random = new Random(11_150);
  const audit = auditWriterFor(SYSTEM_ACTOR);
  const today = services.actions.today();
  const year = reportingYearOf(today);
  const yearStart = `${year.slice(0, 4)}-04-01`;
  const organisations = await db.selectFrom('registryOrganisation').select(['id', 'code', 'name']).execute();
  const orgByCode = new Map(organisations.map((o) => [o.code, o]));
  const auditors = await services.quality.possibleAuditors();
  const qaLead = auditors.find((u) => u.role === 'qa_lead');
  const caseAuditor = auditors.find((u) => u.role === 'auditor');

  // The children: the first of the demo partnership's, each found in the index by its identifiers.
  const wanted = AUDITS.reduce((n, a) => n + a.children, 0);
  const childIds: string[] = [];
  const partnership = demoPartnership();
  await db.transaction().execute(async (trx) => {
    for (const child of demoChildren(partnership, Math.min(childCount, wanted * 3))) {
      if (childIds.length >= wanted) break;
      const found = await services.children.findChildInTrx(trx, {
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: child.dateOfBirth,
        ...(child.nhsNumber ? { nhsNumber: child.nhsNumber } : {}),
      });
      if (found.status === 'found' && !childIds.includes(found.childId)) childIds.push(found.childId);
    }
  });
  if (!childIds.length) return;

  await db.transaction().execute(async (trx) => {
    const programme = await trx
      .insertInto('qaProgramme')
      .values({ year, title: `QAPP multi-agency audit programme ${year}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    let next = 0;
    const auditIds: number[] = [];
    const actions: HistoricalAction[] = [];
    for (const [index, plan] of AUDITS.entries()) {
      const startsOn = addDays(yearStart, plan.startMonth * 30);
      const panelOn = addDays(startsOn, 42);
      // An audit can only be as far on as the calendar allows.
      const status: AuditStatus = panelOn > today && plan.status !== 'auditing' ? 'auditing' : plan.status;
      const agencies = plan.agencies
        .map((c) => orgByCode.get(c))
        .filter((o): o is NonNullable<typeof o> => !!o);
      if (!agencies.length) continue;
      const row = await trx
        .insertInto('qaAudit')
        .values({
          programmeId: programme.id,
          title: plan.title,
          theme: plan.theme,
          selectionRule: plan.rule,
          casesWanted: plan.children,
          startsOn,
          panelOn,
          status,
          completedOn: status === 'complete' ? addDays(panelOn, 14) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      auditIds.push(row.id);
      await trx
        .insertInto('qaAuditAgency')
        .values(agencies.map((o) => ({ auditId: row.id, organisationId: o.id })))
        .execute();
      await trx
        .insertInto('qaAuditQuestion')
        .values(plan.questions.map((question, i) => ({ auditId: row.id, position: i + 1, question })))
        .execute();
      const named = [qaLead, caseAuditor].filter((u): u is NonNullable<typeof u> => !!u);
      if (named.length)
        await trx
          .insertInto('qaAuditor')
          .values(named.map((u) => ({ auditId: row.id, userId: u.id })))
          .execute();

      const prefix = {
        strategy_no_s47: 'SD',
        repeat_strategy: 'RS',
        cp_plan_domestic_abuse: 'DA',
        early_help_domestic_abuse: 'EH',
        cp_medical: 'CPM',
        other: 'MA',
      }[plan.theme];
      const cases = [];
      for (let i = 0; i < plan.children && next < childIds.length; i++) {
        const graded = status === 'complete' || status === 'panel';
        const approached = i < (plan.familiesApproached ?? 0);
        const responded = i < (plan.familiesResponded ?? 0);
        cases.push({
          auditId: row.id,
          reference: `${prefix}-${String(row.id).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`,
          childId: childIds[next++]!,
          selectedHow: 'hand' as const,
          selectedOn: addDays(startsOn, -14),
          selectedBy: qaLead?.id ?? null,
          familyApproached: plan.familiesApproached ? approached : null,
          familyResponded: plan.familiesApproached ? (approached ? responded : null) : null,
          familyFeedback: responded
            ? random.pick([
                'The worries were explained clearly and the plan said what we needed to do.',
                'They listened to my children and spoke to them on their own.',
                'I was not always sure which worker did what in the plan.',
                'Women’s Aid helped me most; I would have liked to hear from the school sooner.',
              ])
            : null,
          // Filled in below once the self-grades are known.
          panelGrade: null as Grade | null,
          panelReasons: null as string | null,
          panelOn: graded && status === 'complete' ? panelOn : null,
        });
      }
      const selfAudits = [];
      for (const c of cases) {
        const grades: Grade[] = [];
        for (const agency of agencies) {
          // The auditing audit is part done: about half of its self-audits are in.
          if (status === 'auditing' && random.chance(0.5)) continue;
          const grade = random.weighted<Grade>([
            ['outstanding', 7],
            ['good', 82],
            ['requires_improvement', 11],
            ['inadequate', 0.5],
          ]);
          grades.push(grade);
          selfAudits.push({
            caseId: 0,
            reference: c.reference,
            organisationId: agency.id,
            answers: JSON.stringify(
              plan.questions.map(() =>
                random.pick([
                  'Yes, recorded on the agency’s system with the evidence.',
                  'Partly: the record shows it but not the reason.',
                  'Yes, promptly and with the right agencies.',
                ]),
              ),
            ),
            grade,
            strengths: plan.strengths[0] ?? 'Good working relationships with partner agencies.',
            learning: plan.learning[0] ?? 'Record the child’s voice in every contact.',
            completedBy: caseAuditor?.id ?? null,
            completedOn: addDays(startsOn, random.int(3, 30)),
          });
        }
        if (status === 'complete' && grades.length) {
          // The panel mostly agrees with the agencies; where it does not, it says why.
          const usual = mostCommon(grades);
          const differs = random.chance(0.2);
          c.panelGrade = differs ? GRADE_NAMES[Math.min(3, GRADE_NAMES.indexOf(usual) + 1)]! : usual;
          c.panelReasons = grades.some((g) => g !== c.panelGrade)
            ? 'The panel found the child’s voice was not recorded consistently across agencies.'
            : null;
        }
      }
      // Few demo children may leave an audit with no case to select.
      const inserted = cases.length
        ? await trx.insertInto('qaCase').values(cases).returning(['id', 'reference']).execute()
        : [];
      const idOf = new Map(inserted.map((r) => [r.reference, r.id]));
      if (selfAudits.length)
        await trx
          .insertInto('qaSelfAudit')
          .values(
            selfAudits.map(({ reference, caseId: _c, ...s }) => ({ ...s, caseId: idOf.get(reference)! })),
          )
          .execute();
      const findings = [
        ...plan.strengths.map((text) => ({ auditId: row.id, kind: 'strength' as const, text })),
        ...plan.learning.map((text) => ({ auditId: row.id, kind: 'learning' as const, text })),
      ];
      if (findings.length) await trx.insertInto('qaFinding').values(findings).execute();

      // Actions from the learning: in every state once the audit is complete.
      if (status === 'complete') {
        for (const [i, learning] of plan.learning.entries()) {
          const owner = agencies[(index + i) % agencies.length]!;
          const createdOn = addDays(panelOn, 7);
          const state = (['done', 'open', 'overdue', 'dropped'] as const)[(index + i) % 4]!;
          const dueOn =
            state === 'overdue' ? addDays(createdOn, 30) : addDays(createdOn, state === 'open' ? 300 : 60);
          const closedOn = addDays(createdOn, 45);
          const closable = closedOn <= today;
          const status_ =
            state === 'done' && closable ? 'done' : state === 'dropped' && closable ? 'dropped' : 'open';
          const ownerName = `${OWNERS[(index + i) % OWNERS.length]}, ${owner.name}`;
          actions.push({
            description: learning,
            owningOrganisationId: owner.id,
            ownerName: i === 1 && index === 2 ? null : ownerName,
            dueOn,
            measurableOutcome: 'A dip sample of ten cases at the next audit shows the change',
            source: QualityService.actionSource(
              { id: row.id, title: plan.title },
              i % 2 ? 'multi' : 'single',
            ),
            createdOn,
            status: status_,
            ...(status_ !== 'open' ? { closedOn } : {}),
            ...(status_ === 'dropped'
              ? { droppedReason: 'Replaced by the multi-agency action agreed at the next panel' }
              : {}),
            updates: [
              {
                on: addDays(createdOn, 14),
                by: ownerName,
                note: 'Briefed the managers; guidance being drafted',
              },
              ...(status_ === 'done'
                ? [
                    {
                      on: closedOn,
                      by: ownerName,
                      note: 'Guidance issued to all staff and added to induction',
                      statusChange: 'done' as const,
                    },
                  ]
                : []),
              ...(status_ === 'dropped'
                ? [
                    {
                      on: closedOn,
                      by: ownerName,
                      note: 'Dropped: replaced by a multi-agency action',
                      statusChange: 'dropped' as const,
                    },
                  ]
                : []),
            ],
            ...(status_ === 'done' && addDays(closedOn, 30) <= today
              ? {
                  impact: {
                    judgement: (['embedded', 'partly', 'not_evidenced'] as const)[(index + i) % 3]!,
                    evidence: 'The follow-up dip sample by the QAPP group',
                    judgedOn: addDays(closedOn, 30),
                    by: 'Quality assurance lead',
                  },
                }
              : {}),
          });
        }
      }
    }
    if (actions.length) await services.actions.importActionsInTrx(trx, audit, actions);

    // The learning briefings, as the report describes them.
    const [da, ehda, medicals] = [auditIds[2], auditIds[3], auditIds[4]];
    const briefings = [
      {
        versions: [
          { title: 'Multi-agency audits: domestic abuse', published: true },
          { title: 'Multi-agency audits: domestic abuse (with family feedback)', published: true },
        ],
        summary:
          'We audited the experience of children on a child protection plan because of domestic abuse, and of children supported at an early help level after domestic abuse concerns. Each agency audited its own involvement using the JTAI method and graded its practice; a multi-agency panel agreed a grade for each case, and families were asked for their views.',
        keyMessages: [
          'Make sure every agency has a copy of the safety plans other agencies have put in place.',
          'See and speak to children as part of every assessment.',
          'Police should see children alone when called to domestic abuse incidents, and record the outcome.',
          'Share information promptly, and think about when and how GPs are told about early help.',
          'Be professionally curious about what is happening at home and its impact on children.',
        ],
        auditIds: [da, ehda].filter((x): x is number => x != null),
      },
      {
        versions: [{ title: 'Child protection medicals', published: medicals != null }],
        summary:
          'Children’s social care and health looked at six children’s child protection medicals after the national Panel’s review “Child Protection in England”. Medicals were held appropriately, with proportionate outcomes.',
        keyMessages: [
          'Share the medical’s outcome with the GP and health visitor promptly.',
          'Record who was present and the child’s own account.',
        ],
        auditIds: [medicals].filter((x): x is number => x != null),
      },
    ];
    for (const b of briefings) {
      if (!b.auditIds.length) continue;
      const { id } = await trx
        .insertInto('qaBriefing')
        .defaultValues()
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('qaBriefingVersion')
        .values(
          b.versions.map((v, i) => ({
            briefingId: id,
            version: i + 1,
            title: v.title,
            summary: b.summary,
            keyMessages: JSON.stringify(b.keyMessages.slice(0, i === 0 ? 4 : undefined)),
            auditIds: b.auditIds,
            writtenBy: qaLead?.id ?? null,
            publishedOn: v.published
              ? addDays(yearStart, Math.min(150 + i * 30, daysSince(yearStart, today)))
              : null,
          })),
        )
        .execute();
    }
    await audit(trx, { action: 'seed', recordType: 'qa-programme', recordId: programme.id });
  });
}

function mostCommon(grades: Grade[]): Grade {
  const counts = new Map<Grade, number>();
  for (const g of grades) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function daysSince(from: string, to: string) {
  return Math.max(
    0,
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000),
  );
}
