/**
 * The front door's part of the demo partnership: two years of contacts (the second is the "year"
 * the demo reports on; the first lets the referral audit compare an institution's conversion year
 * on year), at about the reference report's volumes scaled to the demo's children (Worcestershire:
 * about 120,000 children; the demo about 3,000, so ~2.5 %: some 600 contacts a year, a quarter
 * meeting the threshold, ~60 strategy discussions, ~20 plans). Every step goes through the
 * service, so each has its audit entry and its journey events; the monthly audit samples are
 * proposed, confirmed and audited the same way. Deterministic: the seeded generator only.
 */
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { londonDate, londonWallClock } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { SeedContext } from '../../platform/modules/define-module.ts';
import { Random } from '../../synthetic/random.ts';
import { type DemoChild, demoChildren, demoPartnership } from '../registry/index.ts';
import type { ChildrenService } from '../children/index.ts';
import type { HistoricalContact } from './history.ts';
import { agencyTypesFor, proposeSample } from './rules.ts';
import { type FrontDoorService, monthAfter } from './service.ts';
import type { Decision, PlanCategory } from './tables.ts';

/** The demo's last day, as the registry's demo data has it. */
const DEMO_END = '2026-11-27';
const MONTHS = 24;
const CONTACTS_PER_WORKING_DAY = 2.4;

const CONCERNS = [
  'Came into school hungry and in the same clothes all week; says there is no food at home.',
  'Disclosed that mum’s partner shouts and throws things; frightened to go home.',
  'Unexplained bruising to the upper arm noticed in PE; explanation changed twice.',
  'Attendance has fallen to 60 %; parent not answering calls; sibling also absent.',
  'Found messages on a phone from an older male asking to meet; child evasive.',
  'Police attended a domestic incident; children present and upset.',
  'Parent attended the emergency department intoxicated with the baby.',
  'Self-harm disclosed to the school nurse; parent dismissive of concerns.',
];
const VOICES = [
  'Said: “I don’t like it when they argue, I hide upstairs.”',
  'Said they are “fine” but became tearful when asked about home.',
  'Not spoken to: the child is 2 and non-verbal; observed to be withdrawn.',
  'Said: “Nobody makes tea any more.”',
  'Would not talk about home; drew a picture of the family with dad missing.',
];
const LEARNING_REFERRER = [
  'The school’s own early help offer, coordinated through a school-led early help assessment, would have met this need.',
  'Evidence the child’s voice in the referral, in their own words.',
  'Be specific about the concern and the risk of harm; consider siblings not at the setting.',
  'Use the Levels of Need guidance: this was level 2, not level 4.',
];
const LEARNING_FRONT_DOOR = [
  'Feedback to be specific about next steps and whom to contact.',
  'Feedback should go to the setting’s DSL, not the teaching assistant who referred.',
  'Threshold correctly applied; response proportionate.',
];

type Services = { db: Db; frontDoor: FrontDoorService; children: ChildrenService };

export async function seedDemoFrontDoor(services: Services, context: SeedContext) {
  const rng = new Random(9).fork('front-door');
  const partnership = demoPartnership();
  const audit = auditWriterFor(SYSTEM_ACTOR);
  const { db, frontDoor } = services;
  const bar = context.progress('Front door');

  const settings = await db
    .selectFrom('registrySetting')
    .select(['id', 'urn', 'name', 'phase', 'districtId'])
    .execute();
  const settingByUrn = new Map(settings.map((s) => [s.urn, s]));
  const orgs = await db.selectFrom('registryOrganisation').select(['id', 'code', 'kind']).execute();
  const accounts = await db.selectFrom('authAccount').select(['id', 'role', 'settingId', 'email']).execute();
  const demoDsl = accounts.find((a) => a.role === 'dsl');
  const frontDoorUser = accounts.find((a) => a.role === 'front_door_practitioner');
  const qaLead = accounts.find((a) => a.role === 'qa_lead');
  const auditor = accounts.find((a) => a.role === 'auditor');
  // No children (seed --children 0), no referrals about them.
  if (!frontDoorUser || !qaLead || context.children === 0) return;

  // The children a setting can refer: the demo children on its roll; anyone for other agencies.
  const children = [...demoChildren(partnership, context.children)];
  const onRoll = new Map<string, DemoChild[]>();
  for (const c of children)
    if (c.settingUrn) onRoll.set(c.settingUrn, [...(onRoll.get(c.settingUrn) ?? []), c]);
  // A few settings refer far more than others (as in the report): weights fall off with rank.
  const referringSettings = rng
    .fork('settings')
    .shuffle([...onRoll.keys()].filter((urn) => settingByUrn.has(urn)))
    .slice(0, 90);
  if (demoDsl?.settingId) {
    const own = settings.find((s) => s.id === demoDsl.settingId);
    if (own && onRoll.has(own.urn)) referringSettings.unshift(own.urn);
  }
  const settingWeights = referringSettings.map((urn, rank) => [urn, 1 / (rank + 2)] as const);
  const police = orgs.find((o) => o.kind === 'police');
  const health = orgs.filter((o) => ['hospital_trust', 'community_health_trust', 'icb'].includes(o.kind));
  const others = orgs.filter((o) => ['voluntary', 'probation', 'youth_justice'].includes(o.kind));
  const healthOrg = health[0];

  // The audit's institutions get better at referring after they have been audited (the
  // report's finding): each month's sample is worked out as the programme will propose it.
  const auditedTimes = new Map<string, number>();
  const working: string[] = [];
  const start = addMonths(DEMO_END, -MONTHS);
  for (let d = start; d <= DEMO_END; d = addDays(d, 1)) if (frontDoor.isWorkingDay(d)) working.push(d);
  const policeHealthFrom = `${addMonths(DEMO_END, -7).slice(0, 8)}01`;
  await frontDoor.saveAuditSettings(audit, {
    sampleSize: 10,
    agencyTypes: ['school', 'early_years'],
    policeHealthFrom,
  });

  type Drafted = HistoricalContact & { demoChild: DemoChild; institution: string; institutionName: string };
  const contacts: Drafted[] = [];
  let month = '';
  for (const day of working) {
    if (day.slice(0, 7) !== month) {
      if (month) sampleInMemory(`${month}-01`);
      month = day.slice(0, 7);
    }
    const count = poisson(rng, CONTACTS_PER_WORKING_DAY);
    for (let k = 0; k < count; k++) {
      const contact = drawContact(day);
      if (contact) contacts.push(contact);
    }
  }

  // The children, found in the index by their exact identifiers (one round trip).
  const people = contacts.map((c) => c.demoChild);
  const matches = await frontDoor.exactMatches(
    people.map((c) => ({
      givenName: c.givenName,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth,
      nhsNumber: c.nhsNumber,
      upn: c.upn,
    })),
  );
  const found = contacts.flatMap((c, i) => {
    const ids = matches.get(i) ?? [];
    return ids.length === 1 ? [{ ...c, child: { ...c.child, childId: ids[0]! } }] : [];
  });
  bar.update(1, 3);
  await frontDoor.recordHistory(audit, frontDoorUser.id, found);
  bar.update(2, 3);
  for (
    let m = start.slice(0, 7);
    `${m}-01` < `${DEMO_END.slice(0, 7)}-01`;
    m = monthAfter(`${m}-01`).slice(0, 7)
  )
    await auditMonth(`${m}-01`);
  bar.update(3, 3);
  bar.stop();

  function drawContact(day: string): Drafted | null {
    const agency = rng.weighted([
      ['school', 38],
      ['early_years', 5],
      ['police', 30],
      ['health', 18],
      ['other', 9],
    ] as const);
    let child: DemoChild;
    let institution: string;
    let institutionName: string;
    let place: {
      settingId: number | null;
      organisationId: number | null;
      districtId: number | null;
      agencyType: HistoricalContact['agencyType'];
    };
    let referrer: HistoricalContact['referrer'];
    if (agency === 'school' || agency === 'early_years') {
      const urn = rng.weighted(settingWeights);
      const setting = settingByUrn.get(urn)!;
      child = rng.pick(onRoll.get(urn)!);
      institution = `setting:${setting.id}`;
      institutionName = setting.name;
      place = {
        settingId: setting.id,
        organisationId: null,
        districtId: setting.districtId,
        agencyType: setting.phase === 'early_years' ? 'early_years' : 'school',
      };
      const own = demoDsl?.settingId === setting.id;
      referrer = {
        userId: own ? demoDsl!.id : null,
        name: own ? 'Demo Dsl' : 'Setting safeguarding lead',
        jobTitle: 'Designated safeguarding lead',
        email: own ? demoDsl!.email : `dsl-${setting.urn}@settings.example.org`,
      };
    } else {
      const org = agency === 'police' ? police : agency === 'health' ? rng.pick(health) : rng.pick(others);
      if (!org) return null;
      child = rng.pick(children);
      institution = `organisation:${org.id}`;
      institutionName = org.code;
      place = {
        settingId: null,
        organisationId: org.id,
        districtId: null,
        agencyType: agency === 'other' ? 'other' : agency,
      };
      referrer = {
        userId: null,
        name: 'Duty officer',
        jobTitle: agency === 'police' ? 'Police constable' : 'Safeguarding practitioner',
        email: `referrals@${org.code.toLowerCase()}.example.org`,
      };
    }
    const receivedAt = londonWallClock(
      day,
      `${String(rng.int(8, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
    );
    const contact: Drafted = {
      demoChild: child,
      institution,
      institutionName,
      referrer,
      ...place,
      child: {
        childId: '',
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: child.dateOfBirth,
      },
      form: {
        familyAndHousehold: 'Lives with mother and two siblings; father has contact at weekends.',
        concerns: rng.pick(CONCERNS),
        referrerLevelOfNeed: rng.weighted([
          [2, 25],
          [3, 40],
          [4, 35],
        ] as const),
        childVoice: rng.pick(VOICES),
        consent: rng.weighted([
          ['obtained', 70],
          ['not_obtained', 10],
          ['not_sought_risk', 20],
        ] as const),
        consentReason: null,
        siblingsElsewhere: rng.chance(0.3) ? 'An older brother at the secondary school.' : null,
        existingEarlyHelp: rng.chance(0.4)
          ? 'The setting’s pastoral support and a school nurse drop-in.'
          : 'None',
        settingEarlyHelpOffer: rng.chance(0.4),
        urgency: rng.weighted([
          ['immediate', 5],
          ['urgent', 25],
          ['standard', 70],
        ] as const),
      },
      receivedAt,
    };
    if (contact.form.consent === 'not_obtained')
      contact.form.consentReason = 'The parent refused to discuss it.';
    // The last two working days' contacts are still in the inbox.
    if (day >= working[working.length - 2]!) return contact;
    const improved = Math.min(auditedTimes.get(institution) ?? 0, 3) * 0.07;
    const base =
      { school: 0.16, early_years: 0.14, police: 0.2, health: 0.4, other: 0.25 }[agency] + improved;
    const decision: Decision = rng.chance(base)
      ? rng.weighted([
          ['assessment_s17', 72],
          ['strategy_discussion', 28],
        ] as const)
      : rng.weighted([
          ['nfa_advice', 30],
          ['signpost_universal', 12],
          ['early_help_setting', agency === 'school' || agency === 'early_years' ? 25 : 3],
          ['early_help_targeted', 30],
        ] as const);
    const delay = rng.weighted([
      [0, 55],
      [1, 37],
      [2, 8],
    ] as const);
    const decidedOn = delay === 0 ? day : frontDoor.workingDaysAfter(day, delay);
    const toLead = place.settingId !== null && rng.chance(0.35);
    contact.decision = {
      decision,
      decidedAt: londonWallClock(decidedOn, delay === 0 ? '17:30' : '11:00'),
      decidedBy: frontDoorUser!.id,
      rationale:
        'Information from the referral and agency checks weighed against the Levels of Need guidance.',
      decidedLevelOfNeed:
        decision === 'assessment_s17' || decision === 'strategy_discussion'
          ? 4
          : decision === 'early_help_targeted'
            ? 3
            : 2,
      feedbackOutcome: 'The Family Front Door has decided the next step for this child.',
      feedbackNextSteps: 'See the decision; keep recording and refer again if concerns grow.',
      feedbackContact: 'The Family Front Door duty manager',
      feedbackRecipient: toLead ? 'safeguarding_lead' : 'referrer',
      feedbackEmail: toLead ? `safeguarding-${place.settingId}@settings.example.org` : referrer.email,
    };
    if (decision === 'assessment_s17') {
      const authorisedOn = frontDoor.workingDaysAfter(
        decidedOn,
        rng.weighted([
          [20, 30],
          [35, 40],
          [44, 15],
          [55, 15],
        ] as const),
      );
      contact.assessment =
        authorisedOn > DEMO_END
          ? { authorisedOn: null, outcome: null }
          : {
              authorisedOn,
              outcome: rng.weighted([
                ['nfa', 35],
                ['early_help', 25],
                ['child_in_need', 35],
                ['strategy_discussion', 5],
              ] as const),
            };
    }
    if (decision === 'strategy_discussion') contact.strategy = drawStrategy(decidedOn);
    return contact;
  }

  function drawStrategy(heldOn: string): NonNullable<HistoricalContact['strategy']> {
    const attendees: NonNullable<HistoricalContact['strategy']>['attendees'] = [
      { agency: 'social_care', name: 'Duty social worker', minutesSharedOn: null },
      { agency: 'police', name: 'Detective constable, public protection unit', minutesSharedOn: null },
    ];
    if (rng.chance(0.86))
      attendees.push({ agency: 'health', name: 'Named nurse for safeguarding', minutesSharedOn: null });
    if (rng.chance(0.5))
      attendees.push({ agency: 'education', name: 'Designated safeguarding lead', minutesSharedOn: null });
    for (const a of attendees) {
      const shared = frontDoor.workingDaysAfter(heldOn, rng.int(1, 3));
      if (rng.chance(0.9) && shared <= DEMO_END) a.minutesSharedOn = shared;
    }
    const smart = rng.chance(0.7);
    const strategy: NonNullable<HistoricalContact['strategy']> = {
      heldOn,
      informationShared:
        'Agency checks shared: police records, health history, school attendance and presentation.',
      decision: rng.weighted([
        ['section47', 70],
        ['none', 22],
        ['further_discussion', 8],
      ] as const),
      attendees,
      actions: [
        {
          description: 'Share the health history with the allocated social worker',
          owningOrganisationId: healthOrg?.id ?? null,
          ownerName: smart ? 'Named nurse for safeguarding' : null,
          dueOn: smart ? frontDoor.workingDaysAfter(heldOn, 2) : null,
          measurableOutcome: smart ? 'The history is on the child’s file' : null,
        },
      ],
      reviews: [],
    };
    if (strategy.decision !== 'section47') return strategy;
    const completedOn = frontDoor.workingDaysAfter(heldOn, rng.int(5, 12));
    if (completedOn > DEMO_END) return strategy;
    const toIcpc = rng.chance(0.55);
    strategy.section47 = { completedOn, outcome: toIcpc ? 'icpc' : rng.chance(0.5) ? 'cin_plan' : 'nfa' };
    if (!toIcpc) return strategy;
    const icpcOn = frontDoor.workingDaysAfter(heldOn, rng.chance(0.85) ? rng.int(10, 15) : rng.int(16, 22));
    if (icpcOn > DEMO_END) return strategy;
    const plan = rng.chance(0.85);
    strategy.icpc = {
      heldOn: icpcOn,
      quorate: rng.chance(0.95),
      outcome: plan ? 'cp_plan' : 'no_plan',
      category: rng.weighted([
        ['neglect', 40],
        ['emotional', 30],
        ['physical', 15],
        ['sexual', 5],
        ['multiple', 10],
      ] as const) as PlanCategory,
    };
    if (!plan) return strategy;
    let due = addMonths(icpcOn, 3);
    for (let review = 0; review < 4; review++) {
      const held = addDays(due, -rng.int(0, 14));
      if (held > DEMO_END) break;
      const end = review >= 1 && rng.chance(0.5);
      strategy.reviews.push({ heldOn: held, outcome: end ? 'end' : 'continue' });
      if (end) {
        strategy.end = {
          endedOn: held,
          endReason: 'No further child protection concerns: stepped down to a child in need plan',
        };
        break;
      }
      due = addMonths(held, 6);
    }
    return strategy;
  }

  /** The month's sample as the programme will propose it, to count each institution's audits as the year goes on. */
  function sampleInMemory(first: string) {
    const next = monthAfter(first);
    const types = agencyTypesFor(
      { sampleSize: 10, agencyTypes: ['school', 'early_years'], policeHealthFrom },
      first,
    );
    const candidates = contacts
      .filter((c) => c.decision && londonDate(c.receivedAt) >= first && londonDate(c.receivedAt) < next)
      .map((c, n) => ({
        referralId: n,
        institutionKey: c.institution,
        institutionName: c.institutionName,
        agencyType: c.agencyType,
        receivedAt: c.receivedAt,
        metThreshold:
          c.decision!.decision === 'assessment_s17' || c.decision!.decision === 'strategy_discussion',
        audited: false,
      }));
    for (const p of proposeSample(candidates, types, 10).picked)
      auditedTimes.set(p.institutionKey, (auditedTimes.get(p.institutionKey) ?? 0) + 1);
  }

  async function auditMonth(first: string) {
    const proposed = await frontDoor.proposeSample(audit, first);
    if (!proposed.ok) return;
    const sampleId = proposed.value;
    // The last month's sample waits for the QA lead to confirm.
    if (monthAfter(first) > addMonths(DEMO_END, -1)) return;
    await frontDoor.confirm(audit, sampleId, qaLead!.id, auditor?.id ?? null);
    const cases = await frontDoor.cases({ sampleId });
    await frontDoor.completeCases(
      audit,
      auditor?.id ?? qaLead!.id,
      cases.map((c) => ({
        caseId: c.id,
        referralId: c.referralId,
        values: {
          whyMade: 'Worries about home conditions and the child’s presentation.',
          quality: rng.weighted([
            ['good', 40],
            ['requires_improvement', 50],
            ['inadequate', 10],
          ] as const),
          childVoiceEvidenced: rng.chance(0.55),
          lowerLevel: rng.weighted([
            ['setting_offer', 45],
            ['lower_level', 30],
            ['neither', 25],
          ] as const),
          learningReferrer: rng.pick(LEARNING_REFERRER),
          learningFrontDoor: rng.pick(LEARNING_FRONT_DOOR),
          feedbackSpecific: rng.chance(0.6),
          feedbackRightPerson: rng.chance(0.7),
        },
      })),
    );
  }
}

function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
