/** The front door's emails. None holds any detail of a child, by design: only a link behind the sign-in. */
import type { EmailJob } from '../../platform/email/outbox.ts';

/** To the referrer, or their organisation's safeguarding lead: feedback on a referral is waiting. */
export function feedbackEmail(baseUrl: string, referralId: number, to: string[]): EmailJob {
  return {
    idempotencyKey: `front-door-feedback-${referralId}`,
    to,
    subject: `Family Front Door: feedback on referral ${referralId}`,
    text: [
      `The Family Front Door has decided on referral ${referralId} and written feedback for you:`,
      'the outcome, the next steps and whom to contact.',
      '',
      'Sign in to Safeguarding Hub to read it:',
      `${baseUrl}/front-door/referrals/${referralId}`,
      '',
      'This email does not contain any details of the child, by design.',
    ].join('\n'),
  };
}
