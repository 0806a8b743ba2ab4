/**
 * Every email Operation Encompass sends, in one place. None holds any detail of a child, by
 * design: an email only says that something is waiting, and links to it behind the sign-in.
 */
import type { EmailJob } from '../../platform/email/outbox.ts';

const NO_CHILD_DETAILS = 'This email does not contain any details of the child, by design.';

/**
 * When a notice is due, in words that fit its recipient: a setting reads it before its school day
 * starts; a health visiting team or the Family Front Door works office days, not school days.
 */
export function deadlineWording(recipient: string): string {
  return recipient === 'setting'
    ? 'before the start of the next school day'
    : 'by 9am on the next working day';
}

/** To a setting's Key Adults or a team: a new notice has arrived. */
export function noticeArrivedEmail(
  baseUrl: string,
  noticeId: string,
  recipient: { to: string[]; name: string },
  options: { kind?: string; keySuffix?: string } = {},
): EmailJob {
  return {
    // A notice moved to a new recipient (the child's details corrected) is a new arrival for them.
    idempotencyKey: `encompass-notice-${noticeId}${options.keySuffix ?? ''}`,
    to: recipient.to,
    subject: `Operation Encompass: a new notice for ${recipient.name}`,
    text: [
      `A new Operation Encompass notice has arrived for ${recipient.name}.`,
      '',
      `Sign in to Safeguarding Hub to read it ${deadlineWording(options.kind ?? 'setting')}:`,
      `${baseUrl}/encompass/notices/${noticeId}`,
      '',
      NO_CHILD_DETAILS,
    ].join('\n'),
  };
}

/** To a setting's deputies and head: a notice was not acknowledged before the school day started. */
export function escalationEmail(
  baseUrl: string,
  noticeId: string,
  settingName: string,
  to: string[],
): EmailJob {
  return {
    idempotencyKey: `encompass-escalation-${noticeId}`,
    to,
    subject: `Operation Encompass: a notice for ${settingName} has not been acknowledged`,
    text: [
      `An Operation Encompass notice for ${settingName} was not acknowledged before the start of the school day.`,
      '',
      `Sign in to Safeguarding Hub to read it now: ${baseUrl}/encompass/notices/${noticeId}`,
      '',
      NO_CHILD_DETAILS,
    ].join('\n'),
  };
}

/** To whoever holds a notice: the police amended its incident (what changed, never what it says). */
export function amendedEmail(
  baseUrl: string,
  noticeId: string,
  changed: readonly string[],
  to: string[],
  amendedAt: Date,
): EmailJob {
  return {
    idempotencyKey: `encompass-amended-${noticeId}-${amendedAt.getTime()}`,
    to,
    subject: 'Operation Encompass: the police amended a notice',
    text: [
      `The police amended an Operation Encompass notice you received: ${changed.join(', ')} changed.`,
      '',
      `Sign in to Safeguarding Hub to read it: ${baseUrl}/encompass/notices/${noticeId}`,
      '',
      NO_CHILD_DETAILS,
    ].join('\n'),
  };
}

export const welcomePackKey = (settingId: number) => `encompass-welcome-pack-${settingId}`;

/** To a setting's safeguarding mailbox once it is enrolled: the welcome pack, text only. */
export function welcomePackEmail(
  baseUrl: string,
  setting: { id: number; name: string; phase: string; safeguardingEmail: string },
): EmailJob {
  return {
    idempotencyKey: welcomePackKey(setting.id),
    to: [setting.safeguardingEmail],
    subject: `Welcome to Operation Encompass, ${setting.name}`,
    text: welcomePackText(setting.name, setting.phase === 'early_years', baseUrl),
  };
}

/** The welcome pack: what Operation Encompass is, what the setting will receive, where to sign in. */
export function welcomePackText(settingName: string, earlyYears: boolean, baseUrl: string): string {
  return [
    `Welcome to Operation Encompass, ${settingName}.`,
    '',
    'Operation Encompass tells a setting, before the start of the next school day, when a child on its roll has been present at, or lives where, the police attended a domestic abuse incident. The information is given in confidence to your Designated Safeguarding Lead (your Key Adult), so that the child can be supported that day according to their needs and wishes.',
    '',
    earlyYears
      ? 'Operation Encompass now includes early-years settings: nurseries, pre-schools and childminders. Very young children are affected by what happens at home, and what you see in their behaviour and needs matters. A notice helps you understand and support them.'
      : 'A notice helps you understand a child’s behaviour and needs, and support them quietly.',
    '',
    'What to do:',
    '- make sure your Key Adults have completed Operation Encompass training;',
    '- check your safeguarding mailbox and Safeguarding Hub each morning before the day starts;',
    '- read each notice, decide what support the child needs, and acknowledge it in Safeguarding Hub;',
    '- tell us if a notice did not tell you what you needed: your feedback improves them.',
    '',
    `Sign in to Safeguarding Hub: ${baseUrl}/sign-in`,
    '',
    'Notices are never sent by email: an email only tells you that one is waiting. This email does not contain any details of a child.',
    '',
    'The Education Safeguarding Team',
  ].join('\n');
}
