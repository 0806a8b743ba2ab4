import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, auditWriterFor } from '../../platform/audit/audit-log.ts';
import type { EmailMessage, Mailer } from '../../platform/email/mailer.ts';
import {
  type TestApp,
  buildTestApp,
  createTestUser,
  seedSmallPartnership,
} from '../../platform/testing/app.ts';
import { waitFor } from '../../platform/testing/wait.ts';

describe('feedback on a decision, by email', () => {
  const sent: EmailMessage[] = [];
  const mailer: Mailer = { send: async (m) => void sent.push(m), close: () => undefined };
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ jobs: true, mailer });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('goes to the chosen recipient with a link and no detail of the child', async () => {
    const place = await seedSmallPartnership(t.db);
    const audit = auditWriterFor(SYSTEM_ACTOR);
    const found = await t.services.children.findOrCreateChild(SYSTEM_ACTOR, {
      givenName: 'Marigold',
      familyName: 'Unusualname',
      dateOfBirth: '2016-07-08',
      sex: 'female',
    });
    const childId = found.status === 'ambiguous' ? '' : found.childId;
    const dsl = await createTestUser(t.db, 'dsl', { settingId: place.settings.riverside });
    const fd = await createTestUser(t.db, 'front_door_practitioner');
    const id = await t.services.frontDoor.startDraft(
      audit,
      {
        id: dsl.id,
        givenName: 'Dee',
        familyName: 'Esel',
        email: dsl.email,
        settingId: place.settings.riverside,
        organisationId: null,
        teamId: null,
      },
      {
        childId,
        givenName: 'Marigold',
        familyName: 'Unusualname',
        dateOfBirth: '2016-07-08',
        foundBy: 'index',
      },
    );
    const submitted = await t.services.frontDoor.submit(audit, id, {
      referrerName: 'Dee Esel',
      referrerJobTitle: 'DSL',
      referrerEmail: dsl.email,
      referrerPhone: undefined,
      familyAndHousehold: 'Father only',
      concerns: 'Marigold came in hungry',
      referrerLevelOfNeed: 3,
      childVoice: 'Said there was no breakfast',
      consent: 'obtained',
      consentReason: undefined,
      siblingsElsewhere: undefined,
      existingEarlyHelp: 'None',
      settingEarlyHelpOffer: false,
      urgency: 'standard',
    });
    expect(submitted.ok).toBe(true);
    const decided = await t.services.frontDoor.decide(audit, id, fd.id, {
      decision: 'early_help_setting',
      rationale: 'Level 2 needs',
      decidedLevelOfNeed: 2,
      feedbackOutcome: 'The school’s own early help offer',
      feedbackNextSteps: 'Start an early help assessment',
      feedbackContact: 'Early help hub',
      feedbackRecipient: 'safeguarding_lead',
    });
    expect(decided.ok).toBe(true);
    await waitFor(() => (sent.length > 0 ? true : undefined), 20_000);
    expect(sent).toHaveLength(1);
    const email = sent[0]!;
    expect(email.to).toEqual(['safeguarding@riverside.test.example']);
    expect(email.text).toContain(`/front-door/referrals/${id}`);
    for (const detail of ['Marigold', 'Unusualname', '2016', 'hungry', 'breakfast'])
      expect(`${email.subject}\n${email.text}`).not.toContain(detail);
  });
});
