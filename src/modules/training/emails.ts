/**
 * Every email the training module sends, and the calendar invitation. Each email goes to the
 * attendee only and holds their booking's own link; none holds anything about a child.
 */
import { DateTime } from 'luxon';
import type { EmailJob } from '../../platform/email/outbox.ts';

export interface SessionFacts {
  id: number;
  courseTitle: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  onlineLink: string | null;
  cancelDeadline: Date;
}

const london = (d: Date) =>
  DateTime.fromJSDate(d, { zone: 'Europe/London' })
    .setLocale('en-GB')
    .toFormat("cccc d MMMM yyyy 'at' HH:mm");
const londonTime = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/London' }).toFormat('HH:mm');

export const whenText = (s: Pick<SessionFacts, 'startsAt' | 'endsAt'>) =>
  `${london(s.startsAt)} to ${londonTime(s.endsAt)}`;
export const whereText = (s: Pick<SessionFacts, 'venue' | 'onlineLink'>) =>
  [s.venue, s.onlineLink ? `online: ${s.onlineLink}` : null].filter(Boolean).join('; ');

const utcArray = (d: Date): [number, number, number, number, number] => [
  d.getUTCFullYear(),
  d.getUTCMonth() + 1,
  d.getUTCDate(),
  d.getUTCHours(),
  d.getUTCMinutes(),
];

/** The session as an iCalendar event (one per session: the same UID in every attendee's calendar). */
export async function sessionCalendar(baseUrl: string, session: SessionFacts): Promise<string> {
  // Loaded on first use: ics brings a schema library the server otherwise holds idle.
  const { createEvent } = await import('ics');
  const { error, value } = createEvent({
    uid: `training-session-${session.id}@safeguarding-hub`,
    productId: 'safeguarding-hub/training',
    start: utcArray(session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utcArray(session.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: session.courseTitle,
    description: `Partnership training: ${session.courseTitle}.${session.onlineLink ? ` Join online: ${session.onlineLink}` : ''}`,
    location: session.venue ?? 'Online',
    url: `${baseUrl}/training/sessions/${session.id}`,
    status: 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('The calendar invitation could not be made');
  return value;
}

const FOOTER = ['', 'The Safeguarding Children Partnership training team'];

/** To a practitioner without an account: confirm the booking by the link (nothing is held until then). */
export function confirmEmail(
  baseUrl: string,
  bookingId: number,
  token: string,
  session: SessionFacts,
  to: string,
): EmailJob {
  return {
    idempotencyKey: `training-confirm-${bookingId}`,
    to: [to],
    subject: `Confirm your place: ${session.courseTitle}`,
    text: [
      `You asked for a place on ${session.courseTitle}, ${whenText(session)}.`,
      '',
      'Confirm your booking here (the place is not yours until you do):',
      `${baseUrl}/training/booking/${token}`,
      '',
      'If you did not ask for this, ignore this email: nothing will be booked.',
      ...FOOTER,
    ].join('\n'),
  };
}

/** Booked (or on the waiting list): what, when, where, the calendar invitation, how to cancel. */
export async function bookedEmail(
  baseUrl: string,
  bookingId: number,
  token: string,
  session: SessionFacts,
  to: string,
  outcome: 'booked' | 'waiting',
  key = `training-booked-${bookingId}`,
): Promise<EmailJob> {
  const manage = `${baseUrl}/training/booking/${token}`;
  if (outcome === 'waiting')
    return {
      idempotencyKey: `training-waiting-${bookingId}`,
      to: [to],
      subject: `On the waiting list: ${session.courseTitle}`,
      text: [
        `${session.courseTitle}, ${whenText(session)}, is full. You are on the waiting list.`,
        'If a place becomes free, it is offered to the waiting list in order, and we will email you.',
        '',
        `See or leave the waiting list: ${manage}`,
        ...FOOTER,
      ].join('\n'),
    };
  return {
    idempotencyKey: key,
    to: [to],
    subject: `Booked: ${session.courseTitle}`,
    text: [
      `Your place on ${session.courseTitle} is booked.`,
      '',
      `When: ${whenText(session)}`,
      `Where: ${whereText(session)}`,
      '',
      `Add it to your calendar: the invitation is attached, or download it from ${baseUrl}/training/booking/${token}/calendar.ics`,
      `If you cannot come, cancel by ${london(session.cancelDeadline)} so that someone else can have your place: ${manage}`,
      ...FOOTER,
    ].join('\n'),
    attachments: [
      {
        filename: 'training.ics',
        content: await sessionCalendar(baseUrl, session),
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      },
    ],
  };
}

/** A freed place, offered to the next on the waiting list until `expiresAt`. */
export function offerEmail(
  baseUrl: string,
  bookingId: number,
  token: string,
  session: SessionFacts,
  to: string,
  offeredAt: Date,
  expiresAt: Date,
): EmailJob {
  return {
    idempotencyKey: `training-offer-${bookingId}-${offeredAt.getTime()}`,
    to: [to],
    subject: `A place is free: ${session.courseTitle}`,
    text: [
      `A place has become free on ${session.courseTitle}, ${whenText(session)}, and you are next on the waiting list.`,
      '',
      `Take it by ${london(expiresAt)}: ${baseUrl}/training/booking/${token}`,
      'After that it is offered to the next person.',
      ...FOOTER,
    ].join('\n'),
  };
}

export function cancelledEmail(
  bookingId: number,
  session: SessionFacts,
  to: string,
  bySessionCancelled = false,
): EmailJob {
  return {
    idempotencyKey: `training-cancelled-${bookingId}`,
    to: [to],
    subject: `Cancelled: ${session.courseTitle}`,
    text: [
      bySessionCancelled
        ? `We are sorry: ${session.courseTitle}, ${whenText(session)}, has been cancelled, so your booking is cancelled too. Other sessions are listed on the training pages.`
        : `Your booking for ${session.courseTitle}, ${whenText(session)}, is cancelled.`,
      ...FOOTER,
    ].join('\n'),
  };
}

export function reminderEmail(
  baseUrl: string,
  bookingId: number,
  token: string,
  session: SessionFacts,
  to: string,
): EmailJob {
  return {
    idempotencyKey: `training-reminder-${bookingId}`,
    to: [to],
    subject: `Reminder: ${session.courseTitle}`,
    text: [
      `A reminder that you are booked on ${session.courseTitle}.`,
      '',
      `When: ${whenText(session)}`,
      `Where: ${whereText(session)}`,
      '',
      `If you can no longer come, tell us: ${baseUrl}/training/booking/${token}`,
      ...FOOTER,
    ].join('\n'),
  };
}

/** After the register is marked "attended": the feedback survey and the certificate. */
export function attendedEmail(
  baseUrl: string,
  bookingId: number,
  token: string,
  session: SessionFacts,
  to: string,
): EmailJob {
  return {
    idempotencyKey: `training-attended-${bookingId}`,
    to: [to],
    subject: `Thank you for attending: ${session.courseTitle}`,
    text: [
      `Thank you for attending ${session.courseTitle} on ${london(session.startsAt)}.`,
      '',
      `Tell us what you thought (a few questions): ${baseUrl}/training/booking/${token}/feedback`,
      `Download your certificate: ${baseUrl}/training/booking/${token}/certificate.pdf`,
      ...FOOTER,
    ].join('\n'),
  };
}

/** To a DSL or deputy: their mandatory training falls due in 60 or 14 days. */
export function renewalEmail(
  baseUrl: string,
  person: { email: string; givenName: string },
  course: { id: number; title: string },
  dueOn: string,
  daysBefore: number,
): EmailJob {
  const due = DateTime.fromISO(dueOn, { zone: 'utc' }).setLocale('en-GB').toFormat('d MMMM yyyy');
  return {
    idempotencyKey: `training-renewal-${course.id}-${person.email}-${dueOn}-${daysBefore}`,
    to: [person.email],
    subject: `${course.title}: renew by ${due}`,
    text: [
      `Dear ${person.givenName},`,
      '',
      `Your ${course.title} training must be renewed by ${due} (${daysBefore} days from now): it is mandatory for designated safeguarding leads and their deputies.`,
      '',
      `Book a session: ${baseUrl}/training`,
      ...FOOTER,
    ].join('\n'),
  };
}
