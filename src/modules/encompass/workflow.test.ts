import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import { ConflictError } from '../../platform/http/errors.ts';
import {
  type TestApp,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { incidentInput } from './schema.ts';
import {
  NOTICE_ACTIONS,
  NOTICE_STATES,
  type NoticeAction,
  type NoticeState,
  allows,
  nextState,
  noticeTransitions,
  statesAllowing,
} from './workflow.ts';

/**
 * Every state × action, written out here independently of the table: the state a notice is in
 * afterwards, or "refused". A change to the workflow changes both, on purpose.
 */
const EXPECTED: Record<NoticeState, Record<NoticeAction, NoticeState | 'refused'>> = {
  queued: {
    view: 'queued',
    sendOnByHand: 'sent',
    acknowledge: 'refused',
    withdraw: 'withdrawn',
    escalate: 'refused',
    tellOfAmendment: 'refused',
    recheckRouting: 'queued',
    correctChild: 'queued',
  },
  sent: {
    view: 'sent',
    sendOnByHand: 'refused',
    acknowledge: 'acknowledged',
    withdraw: 'withdrawn',
    escalate: 'sent',
    tellOfAmendment: 'sent',
    recheckRouting: 'sent',
    correctChild: 'sent',
  },
  acknowledged: {
    view: 'acknowledged',
    sendOnByHand: 'refused',
    acknowledge: 'refused',
    withdraw: 'withdrawn',
    escalate: 'refused',
    tellOfAmendment: 'acknowledged',
    recheckRouting: 'acknowledged',
    correctChild: 'acknowledged',
  },
  withdrawn: {
    view: 'withdrawn',
    sendOnByHand: 'refused',
    acknowledge: 'refused',
    withdraw: 'refused',
    escalate: 'refused',
    tellOfAmendment: 'refused',
    recheckRouting: 'refused',
    correctChild: 'refused',
  },
};

const EVERY_CASE = NOTICE_STATES.flatMap((state) => NOTICE_ACTIONS.map((action) => [state, action] as const));

describe('the notice workflow table', () => {
  it('has a row for every state and a column for every action, and nothing else', () => {
    expect(Object.keys(noticeTransitions).sort()).toEqual([...NOTICE_STATES].sort());
    for (const state of NOTICE_STATES)
      expect(Object.keys(noticeTransitions[state]).sort()).toEqual([...NOTICE_ACTIONS].sort());
  });

  it.each(EVERY_CASE)('%s × %s', (state, action) => {
    const expected = EXPECTED[state][action];
    const transition = noticeTransitions[state][action];
    if (expected === 'refused') {
      expect(allows(state, action)).toBe(false);
      expect(transition).toEqual({ refused: expect.any(String) });
      const refusal = (transition as { refused: string }).refused;
      // Words for the person refused: a sentence, not a code.
      expect(refusal).toMatch(/^[A-Z].{20,}[^.]$/);
      let thrown: unknown;
      try {
        nextState(state, action);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConflictError);
      expect((thrown as ConflictError).statusCode).toBe(409);
      expect((thrown as ConflictError).message).toBe(refusal);
    } else {
      expect(allows(state, action)).toBe(true);
      expect(transition).toEqual({ to: expected });
      expect(nextState(state, action)).toBe(expected);
    }
  });

  it('lists, for each action, the states that allow it', () => {
    for (const action of NOTICE_ACTIONS) {
      expect(statesAllowing(action)).toEqual(
        NOTICE_STATES.filter((state) => EXPECTED[state][action] !== 'refused'),
      );
    }
  });

  it('allows nothing of a state it does not know', () => {
    for (const action of NOTICE_ACTIONS) expect(allows('escalated', action)).toBe(false);
  });
});

/** The service through the database: each change of state it makes is the table's, and each refusal the table's words. */
describe('the notice workflow, through the service', () => {
  let t: TestApp;
  let place: Awaited<ReturnType<typeof seedSmallPartnership>>;
  let userId: string;
  let serial = 0;
  const audit = auditWriterFor(SYSTEM_ACTOR);
  const pupil = { givenName: 'Wren', familyName: 'Workflowfamily', dateOfBirth: '2017-03-03' };

  /** A new notice in the state asked for (sent: to Oakfield, whose pupil the child is; queued: a child the index does not hold). */
  const noticeIn = async (state: NoticeState): Promise<string> => {
    serial += 1;
    const child =
      state === 'queued'
        ? { givenName: 'Nobody', familyName: `Unknownchild${serial}`, dateOfBirth: '2016-01-01' }
        : pupil;
    const input = incidentInput.parse({
      policeReference: `WSP/FLOW/${serial}`,
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      place: 'The family home',
      districtCode: 'NORTH',
      circumstances: 'Synthetic incident for the notice workflow.',
      riskLevel: 'standard',
      officerName: 'PC Synthetic',
      children: [{ ...child, address: '7 Test Row', presence: 'not_present', spokenTo: false }],
    });
    const recorded = await t.services.encompass.recordIncident(
      SYSTEM_ACTOR,
      { organisationId: place.organisations.police, userId: null },
      input,
    );
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.problems));
    const id = recorded.notices[0]!.id;
    if (state === 'acknowledged')
      await t.services.encompass.acknowledge(audit, id, userId, {
        action: ['monitoring'],
        actionNote: undefined,
        feedbackNote: undefined,
      });
    if (state === 'withdrawn')
      await t.services.encompass.withdrawNotice(audit, id, { reason: 'Sent to the wrong school' });
    expect(await statusOf(id)).toBe(state);
    return id;
  };
  const statusOf = async (id: string) =>
    (await t.db.selectFrom('encompassNotice').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;

  /** The actions that change a notice, as the service takes them. */
  const take: Partial<Record<NoticeAction, (id: string) => Promise<unknown>>> = {
    acknowledge: (id) =>
      t.services.encompass.acknowledge(audit, id, userId, {
        action: ['monitoring'],
        actionNote: undefined,
        feedbackNote: undefined,
      }),
    withdraw: (id) => t.services.encompass.withdrawNotice(audit, id, { reason: 'Sent to the wrong school' }),
    sendOnByHand: (id) =>
      t.services.encompass.routeByHand(audit, id, {
        recipient: 'setting',
        settingUrn: '100001',
        teamCode: undefined,
        reason: 'School confirmed by phone',
      }),
  };

  beforeAll(async () => {
    t = await buildTestApp();
    place = await seedSmallPartnership(t.db);
    const found = await t.services.children.findOrCreateChild(
      SYSTEM_ACTOR,
      { ...pupil, sex: 'unknown' },
      { districtId: place.districts.north },
    );
    if (found.status === 'ambiguous') throw new Error('fixture children must be unique');
    await t.db
      .insertInto('childEnrolment')
      .values({ childId: found.childId, settingId: place.settings.oakfield, onRollFrom: '2024-09-01' })
      .execute();
    userId = (await createTestUser(t.db, 'dsl', { settingId: place.settings.oakfield })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const changing = EVERY_CASE.filter(([, action]) => action in take);

  it.each(changing)('%s × %s', async (state, action) => {
    const id = await noticeIn(state);
    const expected = EXPECTED[state][action];
    if (expected === 'refused') {
      const refusal = (noticeTransitions[state][action] as { refused: string }).refused;
      await expect(take[action]!(id)).rejects.toThrow(new ConflictError(refusal));
      expect(await statusOf(id)).toBe(state);
    } else {
      await take[action]!(id);
      expect(await statusOf(id)).toBe(expected);
    }
  });

  it.each(NOTICE_STATES)('escalates a notice %s only as the table allows', async (state) => {
    const id = await noticeIn(state);
    const escalated = await t.services.encompass.escalateOverdue(new Date(Date.now() + 30 * 86_400_000), id);
    expect(escalated).toBe(EXPECTED[state].escalate === 'refused' ? 0 : 1);
    expect(await statusOf(id)).toBe(state);
  });

  it.each(NOTICE_STATES)('opens a notice %s, leaving its state as it was', async (state) => {
    const id = await noticeIn(state);
    const notice = await t.services.encompass.viewNotice(audit, id, () => false);
    expect(notice?.status).toBe(state);
    expect(await statusOf(id)).toBe(EXPECTED[state].view);
  });
});
