/**
 * The demo partnership's practice reviews, shaped on the reference report (sections 10 and 11):
 * eight rapid reviews in the year, each notified, decided with its reasons, sent to the Panel and
 * agreed by it; one of them commissioned a joint CSPR and domestic homicide review, in progress;
 * an older CSPR published late because it waited for criminal proceedings; the learning followed
 * up as recommendations; and national reviews and briefings with the partnership's decision on
 * each recommendation. The children are demo children of the child index; everyone is synthetic.
 * Dates are relative to today; deadlines come from the same clocks as real records.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { addDays } from '../../platform/calendar/civil-date.ts';
import type { WorkingDayCalendar } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { ActionsService } from '../actions/index.ts';
import type { ChildrenService } from '../children/index.ts';
import { type DemoPartnership, demoChildren } from '../registry/index.ts';
import { Random } from '../../synthetic/random.ts';
import { notificationDue, publicationDue, rapidReviewDue } from './clocks.ts';
import { nextReference } from './queries.ts';

const INCIDENTS = [
  'An infant was admitted to hospital with a head injury that the parents could not explain.',
  'A young person was seriously assaulted after being reported missing several times in a month.',
  'A baby died suddenly while co-sleeping with a parent who had been drinking.',
  'A child was found to have been neglected over a long period; the family were known to several agencies.',
  'A mother was killed by her partner; her two children were in the home.',
  'A teenager was admitted to hospital after an overdose; exploitation by older males was suspected.',
  'A toddler suffered serious burns; bruising had been seen by practitioners earlier in the year.',
  'A child with complex needs suffered a serious injury in a residential setting.',
];

const NO_CSPR_REASON =
  'The rapid review identified the learning clearly; the agencies have accepted it and a CSPR would not add to it. The criteria for a CSPR are not met.';
const CSPR_REASON =
  'The case meets the criteria for a CSPR: it raises issues of importance about multi-agency working and domestic abuse that a fuller review will draw out. A joint review with the Community Safety Partnership’s domestic homicide review avoids the family being asked twice.';

const LEARNING = [
  'Practitioners should "think family": consider who else lives in and visits the home.',
  'Minutes of multi-agency meetings did not reach every health agency involved with the family.',
  'The Neglect Toolkit was not used when concerns about home conditions built up over time.',
];

export const NATIONAL = [
  {
    kind: 'national_review' as const,
    title:
      'Child Protection in England: national review into the murders of Arthur Labinjo-Hughes and Star Hobson',
    publishedDaysAgo: 900,
    summary:
      'The Panel’s national review of two children’s deaths and the multi-agency child protection system.',
    recommendations: <[string, string, string][]>[
      [
        'Multi-agency child protection units in every local authority area',
        'in_place',
        'The Family Front Door is a co-located multi-agency team; the model was reviewed against the recommendation.',
      ],
      [
        'Strengthen the role of education as a safeguarding partner',
        'relevant',
        'Education is not yet represented at the executive; a proposal goes to the executive this year.',
      ],
      [
        'Practitioners must weigh information from wider family members',
        'relevant',
        'Echoes our own rapid review learning on thinking family.',
      ],
    ],
  },
  {
    kind: 'panel_briefing' as const,
    title: 'Multi-agency safeguarding and domestic abuse: Panel briefing paper',
    publishedDaysAgo: 500,
    summary: 'What the Panel learnt from serious incidents where children lived with domestic abuse.',
    recommendations: <[string, string, string][]>[
      [
        'Audit how agencies respond to children living with domestic abuse',
        'relevant',
        'Taken into this year’s multi-agency audit programme (domestic abuse theme).',
      ],
      [
        'Make sure fathers and male carers are seen and assessed',
        'relevant',
        'Learning briefing and training for front door practitioners.',
      ],
    ],
  },
  {
    kind: 'national_review' as const,
    title: 'Safeguarding children with disabilities and complex health needs in residential settings',
    publishedDaysAgo: 320,
    summary: 'Phase 2 report of the Panel’s national review.',
    recommendations: <[string, string, string][]>[
      [
        'Local authorities should review every child placed in such settings',
        'in_place',
        'All placements were reviewed in the year by the local authority.',
      ],
      [
        'Partnerships should assure themselves of the quality of residential provision',
        'not_relevant',
        'No independent specialist residential settings of this kind in the county; kept under review.',
      ],
    ],
  },
];

/** The demo's practice reviews; answers the cases' ids (the joint CSPR/DHR's first). */
export async function seedDemoReviews(
  db: Db,
  deps: { calendar: WorkingDayCalendar; children: ChildrenService; actions?: ActionsService },
  partnership: DemoPartnership,
  childCount: number,
  today: string,
): Promise<{
  caseIds: number[];
  jointCaseId: number | null;
  recommendationIds: number[];
  nationalRecommendationIds: number[];
}> {
  const rng = new Random(17).fork('reviews');
  const member = await db
    .selectFrom('authAccount')
    .select('id')
    .where('role', '=', 'review_group_member')
    .orderBy('email')
    .executeTakeFirst();
  // Nine children of the demo index: eight rapid reviews this year, one older published CSPR.
  const picked = [];
  for (const child of demoChildren(partnership, childCount)) {
    if (picked.length === 9) break;
    if (rng.chance(0.3)) picked.push(child);
  }
  const childIds: string[] = [];
  for (const child of picked) {
    const match = await deps.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: child.givenName,
      familyName: child.familyName,
      dateOfBirth: child.dateOfBirth,
      sex: child.sex,
      ...(child.nhsNumber ? { nhsNumber: child.nhsNumber } : {}),
    });
    if (match.status !== 'ambiguous') childIds.push(match.childId);
  }
  const cal = deps.calendar;
  const earlier = (a: string, b: string) => (a < b ? a : b);
  // References numbered within each year, after any the year already has: RR-2026-01, …
  const counters = new Map<string, number>();
  const referenceFor = async (becameAwareOn: string) => {
    const year = becameAwareOn.slice(0, 4);
    if (!counters.has(year)) counters.set(year, Number((await nextReference(db, year)).slice(-2)) - 1);
    counters.set(year, counters.get(year)! + 1);
    return `RR-${year}-${String(counters.get(year)).padStart(2, '0')}`;
  };
  const olderAware = addDays(today, -800);
  const olderReference = await referenceFor(olderAware);
  const references: string[] = [];
  for (let i = 0; i < Math.min(8, childIds.length); i++)
    references.push(await referenceFor(addDays(today, -(345 - i * 38))));
  const rows = childIds.slice(0, 8).map((childId, i) => {
    const becameAwareOn = addDays(today, -(345 - i * 38));
    const incidentOn = addDays(becameAwareOn, -rng.int(0, 3));
    const notifiedOn = cal.addWorkingDays(becameAwareOn, i === 5 ? 6 : rng.int(1, 5)); // one notified a day late
    const dueRapid = rapidReviewDue(cal, notifiedOn);
    const decidedOn = cal.addWorkingDays(notifiedOn, rng.int(9, 14));
    const done = decidedOn <= today;
    const sentToPanelOn = done ? earlier(cal.addWorkingDays(decidedOn, 1), dueRapid) : null;
    const responded = sentToPanelOn ? addDays(sentToPanelOn, 21) : null;
    const joint = i === 4;
    return {
      reference: references[i]!,
      childId,
      incidentSummary: INCIDENTS[i]!,
      incidentOn,
      becameAwareOn,
      notificationDueOn: notificationDue(cal, becameAwareOn),
      notifiedOn,
      rapidReviewDueOn: dueRapid,
      meetingOn: done ? addDays(decidedOn, 0) : null,
      decision: done ? (joint ? ('cspr' as const) : ('no_cspr' as const)) : null,
      decisionReasons: done ? (joint ? CSPR_REASON : NO_CSPR_REASON) : null,
      decidedOn: done ? decidedOn : null,
      sentToPanelOn,
      panelResponse: responded && responded <= today ? ('agrees' as const) : null,
      panelResponseOn: responded && responded <= today ? responded : null,
      panelComment:
        responded && responded <= today ? 'The Panel agrees with the partnership’s decision.' : null,
      scrutineerComment: done
        ? 'The independent chair has read the rapid review and agrees the decision is sound.'
        : null,
      scrutineerCommentedOn: done ? addDays(decidedOn, 2) : null,
      learning: done ? LEARNING[i % LEARNING.length]! : null,
      createdBy: member?.id ?? null,
    };
  });
  // An older review: a CSPR decided two years ago, published late after the criminal trial.
  const olderNotified = cal.addWorkingDays(olderAware, 3);
  const olderDecided = cal.addWorkingDays(olderNotified, 12);
  const older = childIds[8]
    ? [
        {
          reference: olderReference,
          childId: childIds[8]!,
          incidentSummary:
            'A young child died from injuries inflicted at home; the adults were later convicted.',
          incidentOn: olderAware,
          becameAwareOn: olderAware,
          notificationDueOn: notificationDue(cal, olderAware),
          notifiedOn: olderNotified,
          rapidReviewDueOn: rapidReviewDue(cal, olderNotified),
          meetingOn: olderDecided,
          decision: 'cspr' as const,
          decisionReasons: 'A child died and abuse was known; the case raises issues of national importance.',
          decidedOn: olderDecided,
          sentToPanelOn: olderDecided,
          panelResponse: 'agrees' as const,
          panelResponseOn: addDays(olderDecided, 20),
          panelComment: null,
          scrutineerComment: 'Agreed.',
          scrutineerCommentedOn: addDays(olderDecided, 3),
          learning: 'Agencies did not share what they knew about the adults in the child’s life.',
          createdBy: member?.id ?? null,
        },
      ]
    : [];
  // A demo without children (seed --children 0) has no case to review.
  if (rows.length + older.length === 0)
    return { caseIds: [], jointCaseId: null, recommendationIds: [], nationalRecommendationIds: [] };
  const inserted = await db
    .insertInto('reviewCase')
    .values([...rows, ...older])
    .returning(['id', 'decision', 'decidedOn', 'reference'])
    .execute();
  if (member)
    await db
      .insertInto('reviewMember')
      .values(inserted.map((c) => ({ caseId: c.id, userId: member.id, addedBy: member.id })))
      .execute();
  const joint = inserted[4];
  const csprs = [];
  if (joint?.decision === 'cspr' && joint.decidedOn)
    csprs.push({
      caseId: joint.id,
      decidedOn: joint.decidedOn,
      jointWithDhr: true,
      reviewerName: 'An independent reviewer (demo)',
      termsOfReference:
        'How well did agencies recognise and respond to domestic abuse in the household? Were the children’s voices heard? How did agencies share information with each other and with the Community Safety Partnership?',
      publicationDueOn: publicationDue(joint.decidedOn),
      publicationWaitReason: 'Criminal proceedings against the mother’s partner are not yet concluded.',
      publishedOn: null,
      reportUrl: null,
    });
  const olderCase = older.length ? inserted.at(-1) : undefined;
  if (olderCase?.decidedOn) {
    const due = publicationDue(olderCase.decidedOn);
    csprs.push({
      caseId: olderCase.id,
      decidedOn: olderCase.decidedOn,
      jointWithDhr: false,
      reviewerName: 'An independent reviewer (demo)',
      termsOfReference:
        'What did agencies know about the adults in the child’s life, and what did they share?',
      publicationDueOn: due,
      publicationWaitReason: 'The reviewer could not complete the review until the criminal trial ended.',
      publishedOn: addDays(due, 240),
      reportUrl: 'https://example.org/demo/cspr-report.pdf',
    });
  }
  const storedCsprs = csprs.length
    ? await db.insertInto('reviewCspr').values(csprs).returning(['id', 'caseId', 'decidedOn']).execute()
    : [];
  const jointCspr = storedCsprs.find((c) => c.caseId === joint?.id);
  if (jointCspr) {
    const steps = [
      ['Terms of reference agreed with the Community Safety Partnership', 20],
      ['Agencies’ individual management reviews received', 60],
      ['Practitioner learning event', 100],
      ['Family members invited to contribute', 110],
      ['First draft to the CSPR group', 150],
    ] as const;
    await db
      .insertInto('reviewMilestone')
      .values(
        steps
          .map(([title, days]) => {
            const dueOn = addDays(jointCspr.decidedOn, days);
            return {
              csprId: jointCspr.id,
              title,
              dueOn,
              doneOn: dueOn <= today ? addDays(dueOn, rng.int(-3, 5)) : null,
            };
          })
          .map((m) => ({ ...m, doneOn: m.doneOn && m.doneOn > today ? today : m.doneOn })),
      )
      .execute();
  }
  // Each agency's chronology for every rapid review.
  const agencies = await db
    .selectFrom('registryOrganisation')
    .select('id')
    .where('safeguardingPartner', '=', true)
    .execute();
  const requests = inserted.flatMap((c, i) => {
    const row = [...rows, ...older][i]!;
    return agencies.map((a) => {
      const receivedOn = cal.addWorkingDays(row.notifiedOn, rng.int(3, 8));
      return {
        caseId: c.id,
        organisationId: a.id,
        kind: 'chronology' as const,
        requestedOn: row.notifiedOn,
        receivedOn: receivedOn <= today ? receivedOn : null,
      };
    });
  });
  if (requests.length) await db.insertInto('reviewAgencyRequest').values(requests).execute();
  // The rapid reviews' learning, followed up as recommendations.
  const decided = inserted.filter((c) => c.decision);
  const recommendations = decided.slice(0, 3).map((c, i) => ({
    caseId: c.id,
    number: 1,
    text: [
      'Raise awareness among practitioners of how to "think family": a newsletter and briefings.',
      'Dip sample audit: do all health agencies involved receive minutes of multi-agency meetings?',
      'Update and relaunch the Neglect Toolkit.',
    ][i]!,
    createdAt: new Date(`${c.decidedOn}T12:00:00Z`),
  }));
  const recommendationIds = recommendations.length
    ? (await db.insertInto('reviewRecommendation').values(recommendations).returning('id').execute()).map(
        (r) => r.id,
      )
    : [];
  // Each local recommendation's action, recorded in the action tracker on the day it was agreed.
  if (deps.actions && recommendationIds.length) {
    const partners = await db
      .selectFrom('registryOrganisation')
      .select(['id', 'kind'])
      .where('safeguardingPartner', '=', true)
      .execute();
    const owners = [
      [
        'Designated nurse for safeguarding',
        'Practitioners in every agency have read the newsletter: 80% say so in the next survey',
      ],
      [
        'Named GP for safeguarding',
        'The dip sample finds minutes reached every health agency in 9 of 10 cases',
      ],
      [
        'Head of quality assurance',
        'The relaunched toolkit is used in 75% of neglect cases audited next year',
      ],
    ] as const;
    for (const [i, id] of recommendationIds.entries()) {
      const c = decided[i]!;
      const agreedOn = c.decidedOn!;
      await db.transaction().execute((trx) =>
        deps.actions!.createActionsInTrx(
          trx,
          auditWriterFor(SYSTEM_ACTOR),
          null,
          [
            {
              description: recommendations[i]!.text,
              owningOrganisationId: partners[i % Math.max(1, partners.length)]?.id ?? null,
              ownerName: owners[i]![0],
              dueOn: addDays(agreedOn, 90 + 30 * i),
              measurableOutcome: owners[i]![1],
              source: {
                module: 'reviews',
                type: 'recommendation',
                id: String(id),
                label: `Recommendation 1 of practice review ${c.reference}`,
                href: `/reviews/${c.id}#recommendations`,
              },
            },
          ],
          { createdOn: agreedOn },
        ),
      );
    }
  }
  const nationalRecommendationIds: number[] = [];
  for (const n of NATIONAL) {
    const publishedOn = addDays(today, -n.publishedDaysAgo);
    const { id } = await db
      .insertInto('nationalReview')
      .values({
        kind: n.kind,
        title: n.title,
        publishedOn,
        url: 'https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel',
        summary: n.summary,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recs = await db
      .insertInto('reviewRecommendation')
      .values(
        n.recommendations.map(([text, decision, reason], i) => ({
          nationalReviewId: id,
          number: i + 1,
          text,
          decision: decision as 'relevant' | 'in_place' | 'not_relevant',
          decisionReason: reason,
          decidedOn: addDays(publishedOn, 60),
        })),
      )
      .returning(['id', 'decision'])
      .execute();
    nationalRecommendationIds.push(...recs.filter((r) => r.decision === 'relevant').map((r) => r.id));
  }
  return {
    caseIds: inserted.map((c) => c.id),
    jointCaseId: joint?.id ?? null,
    recommendationIds,
    nationalRecommendationIds,
  };
}
