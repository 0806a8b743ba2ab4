/**
 * The training module's pages. Public (no sign-in): the upcoming sessions, a session and its
 * booking form, and a booking's own page reached by its emailed link (confirm, take an offered
 * place, cancel, calendar, feedback, certificate). Signed in: booking in a click and one's own
 * bookings; a school's staff; the business unit's courses and sessions; trainers' registers;
 * mandatory training; the year's figures.
 */
import * as clock from '../../platform/clock.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { londonDate } from '../../platform/calendar/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { type FormErrors, parseForm } from '../../platform/http/forms.ts';
import {
  handleForm,
  numericId,
  parseParams,
  selectOptions,
  sendCsv,
} from '../../platform/http/route-helpers.ts';
import type { PlatformServices } from '../../platform/modules/define-module.ts';
import { PHASES } from '../registry/index.ts';
import { labelledCountChart, percentageBarChart } from './charts.ts';
import { sessionCalendar } from './emails.ts';
import { MANDATORY_STATUSES, type MandatoryStatus, reportingYear, reportingYearOf } from './rules.ts';
import {
  AGENCY_KINDS,
  ATTENDANCE,
  type AttendanceMark,
  STAFF_ROLES,
  bookingRequestInput,
  completionInput,
  courseInput,
  feedbackInput,
  quoteInput,
  registerInput,
  sessionInput,
  yearQuery,
} from './schema.ts';
import type { TrainingService } from './service.ts';

export type TrainingServices = PlatformServices & { training: TrainingService };

const V = 'training/views';
const tokenParam = z.object({ token: z.string().regex(/^\d{1,10}-[A-Za-z0-9_-]{43}$/) });
const tokenOf = (params: unknown) => parseParams(tokenParam, params).token;

const STATUS_TEXT: Record<string, string> = {
  pending: 'Waiting for you to confirm',
  booked: 'Booked',
  waiting: 'On the waiting list',
  offered: 'A place is offered to you',
  cancelled: 'Cancelled',
  lapsed: 'Offer ended',
};
const STATUS_TAG: Record<string, string> = {
  pending: 'govuk-tag--yellow',
  booked: 'govuk-tag--green',
  waiting: 'govuk-tag--blue',
  offered: 'govuk-tag--purple',
  cancelled: 'govuk-tag--grey',
  lapsed: 'govuk-tag--grey',
};
const MANDATORY_TAG: Record<MandatoryStatus, string> = {
  in_date: 'govuk-tag--green',
  due_soon: 'govuk-tag--yellow',
  expired: 'govuk-tag--red',
  never: 'govuk-tag--grey',
};

const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }).format(
    new Date(`${date}T00:00:00Z`),
  );
const pct = (n: number, d: number) => (d ? `${Math.round((100 * n) / d)}%` : '–');

export function trainingRoutes(app: FastifyInstance, services: TrainingServices) {
  const { training } = services;
  const ics = (reply: FastifyReply, body: string, name: string) =>
    reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(body);

  // ---- public: the list, a session, asking for a place ------------------------------------

  app.get('/training', { config: { permission: 'public' } }, async (request, reply) => {
    const sessions = await training.upcomingSessions();
    return reply.page(`${V}/sessions.njk`, {
      title: 'Training: upcoming sessions',
      sessions: sessions.map((s) => ({ ...s, left: Math.max(0, s.capacity - s.held) })),
      canBook: request.permissions.allows('training:book'),
    });
  });

  const sessionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
  ) => {
    const session = await training.session(id);
    if (!session) throw new NotFoundError();
    const values = extra.values ?? {};
    return reply.page(`${V}/session.njk`, {
      title: session.courseTitle,
      session,
      left: Math.max(0, session.capacity - session.held),
      outcomes: session.learningOutcomes
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      open: session.status === 'scheduled' && session.bookingDeadline >= clock.now(),
      signedIn: request.permissions.allows('training:book'),
      agencyKinds: [
        { value: '', text: 'Select the kind of organisation' },
        ...selectOptions(AGENCY_KINDS, values.agencyKind),
      ],
      values,
      errors: extra.errors,
    });
  };

  app.get('/training/sessions/:id', { config: { permission: 'public' } }, async (request, reply) =>
    sessionPage(request, reply, numericId(request.params)),
  );

  app.get(
    '/training/sessions/:id/calendar.ics',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const facts = await training.sessionCalendarFacts(numericId(request.params));
      if (!facts) throw new NotFoundError();
      return ics(reply, await sessionCalendar(services.config.baseUrl, facts), `training-${facts.id}.ics`);
    },
  );

  // Without an account: a link to the address given confirms the request. Rate limited: the form
  // sends an email to whatever address is typed.
  app.post(
    '/training/sessions/:id/request',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request: FastifyRequest) =>
            `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '')
              .trim()
              .toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      return handleForm(reply, bookingRequestInput, request.body, {
        save: async (input) => (await training.requestBooking(id, input)) ?? notFound(),
        showForm: (errors, values) => sessionPage(request, reply, id, { errors, values }),
        redirectTo: () => `/training/sessions/${id}/requested`,
      });
    },
  );

  app.get(
    '/training/sessions/:id/requested',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const session = await training.session(numericId(request.params));
      if (!session) throw new NotFoundError();
      return reply.page(`${V}/requested.njk`, { title: 'Check your email', session });
    },
  );

  // Signed in: a place (or the waiting list) in a click.
  app.post(
    '/training/sessions/:id/book',
    { config: { permission: 'training:book' } },
    async (request, reply) => {
      const id = numericId(request.params);
      const result = await training.bookSignedIn(request.user!, id);
      if (!result) throw new NotFoundError();
      if (!result.ok) {
        reply.code(400);
        return sessionPage(request, reply, id, { errors: result.errors });
      }
      return reply.redirect(`/training/booking/${result.value.token}?done=${result.value.outcome}`, 303);
    },
  );

  // ---- a booking's own page, by its emailed link -----------------------------------------

  const bookingPage = async (
    reply: FastifyReply,
    token: string,
    extra: { errors?: FormErrors; flash?: string } = {},
  ) => {
    const found = await training.bookingPage(token);
    if (!found) throw new NotFoundError();
    const { booking, session, position, feedbackGiven } = found;
    const now = clock.now();
    return reply.page(`${V}/booking.njk`, {
      title: `Your booking: ${session.courseTitle}`,
      token,
      booking,
      session,
      position,
      feedbackGiven,
      statusText: STATUS_TEXT[booking.status],
      statusTag: STATUS_TAG[booking.status],
      attendanceText: booking.attendance ? ATTENDANCE[booking.attendance] : null,
      canCancel:
        ['pending', 'waiting', 'offered'].includes(booking.status) ||
        (booking.status === 'booked' && now <= session.cancelDeadline),
      tooLateToCancel: booking.status === 'booked' && now > session.cancelDeadline && session.startsAt > now,
      errors: extra.errors,
      flash: extra.flash,
    });
  };

  const DONE: Record<string, string> = {
    booked: 'Your place is booked. We have emailed you the details and a calendar invitation.',
    waiting: 'The session is full: you are on the waiting list. We will email you if a place becomes free.',
    cancelled: 'Your booking is cancelled.',
    feedback: 'Thank you for your feedback.',
  };

  app.get('/training/booking/:token', { config: { permission: 'public' } }, async (request, reply) => {
    const done = (request.query as { done?: string }).done;
    return bookingPage(reply, tokenOf(request.params), done && DONE[done] ? { flash: DONE[done] } : {});
  });

  for (const action of ['confirm', 'accept', 'cancel'] as const) {
    app.post(
      `/training/booking/:token/${action}`,
      { config: { permission: 'public' } },
      async (request, reply) => {
        const token = tokenOf(request.params);
        const result =
          action === 'confirm'
            ? await training.confirm(token)
            : action === 'accept'
              ? await training.acceptOffer(token)
              : await training.cancel({ token });
        if (!result) throw new NotFoundError();
        if (!result.ok) {
          reply.code(400);
          return bookingPage(reply, token, { errors: result.errors });
        }
        return reply.redirect(`/training/booking/${token}?done=${result.value.status}`, 303);
      },
    );
  }

  app.get(
    '/training/booking/:token/calendar.ics',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const found = await training.bookingPage(tokenOf(request.params));
      if (!found) throw new NotFoundError();
      const facts = await training.sessionCalendarFacts(found.session.id);
      return ics(
        reply,
        await sessionCalendar(services.config.baseUrl, facts!),
        `training-${found.session.id}.ics`,
      );
    },
  );

  app.get(
    '/training/booking/:token/certificate.pdf',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const certificate = await training.certificate(tokenOf(request.params));
      if (!certificate) throw new NotFoundError();
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${certificate.filename}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(certificate.pdf));
    },
  );

  const SCORES = ['1', '2', '3', '4', '5'];
  const feedbackPage = async (
    reply: FastifyReply,
    token: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const found = await training.bookingPage(token);
    if (found?.booking.attendance !== 'attended') throw new NotFoundError();
    const scale = (name: string, low: string, high: string) =>
      SCORES.map((v) => ({
        value: v,
        text: v === '1' ? `1 – ${low}` : v === '5' ? `5 – ${high}` : v,
        checked: values[name] === v,
      }));
    return reply.page(`${V}/feedback.njk`, {
      title: `Feedback: ${found.session.courseTitle}`,
      token,
      session: found.session,
      given: found.feedbackGiven,
      scales: {
        rating: scale('rating', 'poor', 'excellent'),
        outcomesMet: scale('outcomesMet', 'not at all', 'fully'),
        confidenceBefore: scale('confidenceBefore', 'not confident', 'very confident'),
        confidenceAfter: scale('confidenceAfter', 'not confident', 'very confident'),
      },
      values,
      errors,
    });
  };

  app.get('/training/booking/:token/feedback', { config: { permission: 'public' } }, async (request, reply) =>
    feedbackPage(reply, tokenOf(request.params)),
  );

  app.post(
    '/training/booking/:token/feedback',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const token = tokenOf(request.params);
      return handleForm(reply, feedbackInput, request.body, {
        save: async (input) => (await training.submitFeedback(token, input)) ?? notFound(),
        showForm: (errors, values) => feedbackPage(reply, token, errors, values),
        redirectTo: () => `/training/booking/${token}?done=feedback`,
      });
    },
  );

  // ---- signed in: one's own bookings; a school's staff ------------------------------------

  app.get('/training/my-bookings', { config: { permission: 'training:book' } }, async (request, reply) => {
    const bookings = await training.myBookings(request.user!.id);
    return reply.page(`${V}/my-bookings.njk`, {
      title: 'Your training bookings',
      bookings: bookings.map((b) => ({
        ...b,
        statusText: STATUS_TEXT[b.status],
        statusTag: STATUS_TAG[b.status],
        attendanceText: b.attendance ? ATTENDANCE[b.attendance] : null,
        href: `/training/booking/${training.linkToken(b)}`,
      })),
    });
  });

  app.get('/training/my-setting', { config: { permission: 'training:setting' } }, async (request, reply) => {
    const scope = request.permissions.listScope('training:setting');
    if (scope.kind !== 'setting') throw new NotFoundError();
    const today = londonDate(clock.now());
    const [bookings, getSafe] = await Promise.all([
      training.settingBookings(scope.settingId),
      training.getSafeStatusBySetting([scope.settingId], today),
    ]);
    const mine = getSafe.get(scope.settingId)!;
    return reply.page(`${V}/my-setting.njk`, {
      title: 'Your staff’s training',
      bookings: bookings.map((b) => ({
        ...b,
        statusText: STATUS_TEXT[b.status],
        attendanceText: b.attendance ? ATTENDANCE[b.attendance] : null,
      })),
      people: [...mine.dsl, ...mine.deputies].map((p) => personRow(p)),
      bothInDate: mine.bothInDate,
    });
  });

  // ---- the business unit: courses, sessions, feedback, completions ------------------------

  app.get('/training/courses', { config: { permission: 'training:manage' } }, async (_request, reply) => {
    const courses = await training.courses();
    return reply.page(`${V}/courses.njk`, {
      title: 'Training courses',
      courses: courses.map((c) => ({
        ...c,
        mandatoryText: c.mandatoryFor.map((r) => STAFF_ROLES[r]).join(', '),
      })),
    });
  });

  const courseForm = (reply: FastifyReply, errors?: FormErrors, values: Record<string, unknown> = {}) => {
    const chosen = ([] as unknown[]).concat(values.mandatoryFor ?? []);
    return reply.page(`${V}/course-form.njk`, {
      title: 'Add a course',
      roles: Object.entries(STAFF_ROLES).map(([value, text]) => ({
        value,
        text,
        checked: chosen.includes(value),
      })),
      core: selectOptions({ yes: 'Yes', no: 'No' }, values.core),
      values,
      errors,
    });
  };

  app.get('/training/courses/new', { config: { permission: 'training:manage' } }, async (_request, reply) =>
    courseForm(reply),
  );

  app.post(
    '/training/courses',
    { config: { permission: 'training:manage', audit: { action: 'create', recordType: 'training-course' } } },
    async (request, reply) =>
      handleForm(reply, courseInput, request.body, {
        save: (input) => training.createCourse(request.auditWriter, input),
        showForm: (errors, values) => courseForm(reply, errors, values),
        redirectTo: (course) => `/training/courses/${course.id}`,
      }),
  );

  app.get('/training/courses/:id', { config: { permission: 'training:manage' } }, async (request, reply) => {
    const course = await training.course(numericId(request.params));
    if (!course) throw new NotFoundError();
    const sessions = await training.sessionsOfCourse(course.id);
    return reply.page(`${V}/course.njk`, {
      title: course.title,
      course,
      mandatoryText: course.mandatoryFor.map((r) => STAFF_ROLES[r]).join(', '),
      sessions,
      now: clock.now(),
    });
  });

  /** The session form's values from a session, for editing (London wall-clock dates and times). */
  const sessionValues = (
    s: {
      startsAt: Date;
      endsAt: Date;
      venue: string | null;
      onlineLink: string | null;
      capacity: number;
      bookingDeadline: Date;
      cancelDeadline: Date;
    },
    trainerIds: string[],
  ) => {
    const hm = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(d);
    return {
      date: londonDate(s.startsAt),
      startTime: hm(s.startsAt),
      endTime: hm(s.endsAt),
      venue: s.venue ?? '',
      onlineLink: s.onlineLink ?? '',
      capacity: String(s.capacity),
      bookingDeadlineDate: londonDate(s.bookingDeadline),
      bookingDeadlineTime: hm(s.bookingDeadline),
      cancelDeadlineDate: londonDate(s.cancelDeadline),
      cancelDeadlineTime: hm(s.cancelDeadline),
      trainerIds,
    };
  };

  const sessionForm = async (
    reply: FastifyReply,
    course: { id: number; title: string },
    action: string,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const chosen = ([] as unknown[]).concat(values.trainerIds ?? []);
    const trainers = await training.trainerAccounts();
    return reply.page(`${V}/session-form.njk`, {
      title: action.endsWith('/edit')
        ? `Change a session: ${course.title}`
        : `Add a session: ${course.title}`,
      course,
      action,
      editing: action.endsWith('/edit'),
      trainers: trainers.map((t) => ({
        value: t.id,
        text: `${t.givenName} ${t.familyName}`,
        checked: chosen.includes(t.id),
      })),
      values,
      errors,
    });
  };

  app.get(
    '/training/courses/:id/sessions/new',
    { config: { permission: 'training:manage' } },
    async (request, reply) => {
      const course = await training.course(numericId(request.params));
      if (!course) throw new NotFoundError();
      return sessionForm(reply, course, `/training/courses/${course.id}/sessions`, undefined, {
        startTime: '09:30',
        endTime: '12:30',
        bookingDeadlineTime: '17:00',
        cancelDeadlineTime: '17:00',
      });
    },
  );

  app.post(
    '/training/courses/:id/sessions',
    {
      config: { permission: 'training:manage', audit: { action: 'create', recordType: 'training-session' } },
    },
    async (request, reply) => {
      const course = await training.course(numericId(request.params));
      if (!course) throw new NotFoundError();
      return handleForm(reply, sessionInput(clock.now()), request.body, {
        save: (input) => training.createSession(request.auditWriter, course.id, input),
        showForm: (errors, values) =>
          sessionForm(reply, course, `/training/courses/${course.id}/sessions`, errors, values),
        redirectTo: (session) => `/training/sessions/${session.id}/manage`,
      });
    },
  );

  const manageSessionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { errors?: FormErrors } = {},
  ) => {
    const session = await training.session(id);
    if (!session) throw new NotFoundError();
    const [bookings, trainers] = await Promise.all([training.bookingsOfSession(id), training.trainersOf(id)]);
    const query = request.query as { saved?: string; cancelled?: string };
    return reply.page(`${V}/session-manage.njk`, {
      title: `${session.courseTitle}: bookings`,
      session,
      canCancel: session.status === 'scheduled' && session.startsAt > clock.now(),
      trainerNames: trainers.map((t) => `${t.givenName} ${t.familyName}`).join(', '),
      bookings: bookings.map((b) => ({
        ...b,
        statusText: STATUS_TEXT[b.status],
        statusTag: STATUS_TAG[b.status],
        attendanceText: b.attendance ? ATTENDANCE[b.attendance] : '',
        agencyText: AGENCY_KINDS[b.agencyKind as keyof typeof AGENCY_KINDS] ?? b.agencyKind,
      })),
      flash: query.saved
        ? 'Session saved'
        : query.cancelled !== undefined
          ? `Session cancelled: ${Number(query.cancelled) || 0} booking(s) cancelled and told by email`
          : undefined,
      errors: extra.errors,
    });
  };

  app.get(
    '/training/sessions/:id/manage',
    { config: { permission: 'training:manage' } },
    async (request, reply) => manageSessionPage(request, reply, numericId(request.params)),
  );

  app.post(
    '/training/sessions/:id/cancel',
    {
      config: { permission: 'training:manage', audit: { action: 'cancel', recordType: 'training-session' } },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const result = await training.cancelSession(request.auditWriter, id);
      if (!result) throw new NotFoundError();
      if (!result.ok) {
        reply.code(400);
        return manageSessionPage(request, reply, id, { errors: result.errors });
      }
      return reply.redirect(`/training/sessions/${id}/manage?cancelled=${result.value.told}`, 303);
    },
  );

  const editableSession = async (id: number) => {
    const session = await training.session(id);
    if (!session) throw new NotFoundError();
    return session;
  };

  app.get(
    '/training/sessions/:id/edit',
    { config: { permission: 'training:manage' } },
    async (request, reply) => {
      const session = await editableSession(numericId(request.params));
      const trainers = await training.trainersOf(session.id);
      return sessionForm(
        reply,
        { id: session.courseId, title: session.courseTitle },
        `/training/sessions/${session.id}/edit`,
        undefined,
        sessionValues(
          session,
          trainers.map((t) => t.id),
        ),
      );
    },
  );

  app.post(
    '/training/sessions/:id/edit',
    {
      config: { permission: 'training:manage', audit: { action: 'update', recordType: 'training-session' } },
    },
    async (request, reply) => {
      const session = await editableSession(numericId(request.params));
      const action = `/training/sessions/${session.id}/edit`;
      return handleForm(reply, sessionInput(clock.now()), request.body, {
        save: (input) => training.updateSession(request.auditWriter, session.id, input),
        showForm: (errors, values) =>
          sessionForm(reply, { id: session.courseId, title: session.courseTitle }, action, errors, values),
        redirectTo: () => `/training/sessions/${session.id}/manage?saved=1`,
      });
    },
  );

  app.get('/training/feedback', { config: { permission: 'training:manage' } }, async (request, reply) => {
    const year = chosenYear(request.query);
    const quotes = await training.quotes(year.from, year.to);
    return reply.page(`${V}/feedback-admin.njk`, {
      title: `Feedback quotes, ${year.label}`,
      year,
      quotes: quotes.map((q) => ({
        ...q,
        agencyText: AGENCY_KINDS[q.agencyKind as keyof typeof AGENCY_KINDS] ?? q.agencyKind,
      })),
      years: yearLinks('/training/feedback'),
    });
  });

  app.post(
    '/training/feedback/:id/quote',
    {
      config: {
        permission: 'training:manage',
        audit: { action: 'quote-for-report', recordType: 'training-feedback' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const body = quoteInput.parse(request.body ?? {});
      if (!(await training.markQuote(request.auditWriter, id, body.forReport === 'yes')))
        throw new NotFoundError();
      const year = body.year ? `?year=${body.year}` : '';
      return reply.redirect(`/training/feedback${year}#quote-${id}`, 303);
    },
  );

  const completionForm = async (
    reply: FastifyReply,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) => {
    const courses = await training.mandatoryCourses();
    return reply.page(`${V}/completion-form.njk`, {
      title: 'Record training completed elsewhere',
      courses: courses.map((c) => ({
        value: String(c.id),
        text: c.title,
        checked: String(values.courseId ?? courses[0]?.id) === String(c.id),
      })),
      values,
      errors,
    });
  };

  app.get(
    '/training/completions/new',
    { config: { permission: 'training:manage' } },
    async (_request, reply) => completionForm(reply),
  );

  app.post(
    '/training/completions',
    {
      config: {
        permission: 'training:manage',
        audit: { action: 'record-completion', recordType: 'training-completion' },
      },
    },
    async (request, reply) =>
      handleForm(reply, completionInput, request.body, {
        save: (input) => training.recordCompletion(request.auditWriter, request.user!.id, input),
        showForm: (errors, values) => completionForm(reply, errors, values),
        redirectTo: () => '/training/mandatory?recorded=1',
      }),
  );

  // ---- registers -------------------------------------------------------------------------

  /** Whose registers the user sees: every one with training:manage, only their own sessions otherwise. */
  const trainerFilter = (request: FastifyRequest) =>
    request.permissions.allows('training:manage') ? null : request.user!.id;

  app.get('/training/registers', { config: { permission: 'training:register' } }, async (request, reply) => {
    const sessions = await training.registerSessions(trainerFilter(request));
    const now = clock.now();
    return reply.page(`${V}/registers.njk`, {
      title: 'Registers',
      past: sessions.filter((s) => s.startsAt <= now),
      upcoming: sessions.filter((s) => s.startsAt > now).reverse(),
    });
  });

  const registerPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const register = await training.register(id, trainerFilter(request));
    if (!register) throw new NotFoundError();
    return reply.page(`${V}/register.njk`, {
      title: `Register: ${register.session.courseTitle}`,
      session: register.session,
      started: londonDate(register.session.startsAt) <= londonDate(clock.now()),
      rows: register.bookings.map((b) => {
        const chosen = values ? values[`attendance-${b.id}`] : b.attendance;
        return {
          ...b,
          items: Object.entries(ATTENDANCE).map(([value, text]) => ({
            value,
            text,
            checked: chosen === value,
          })),
        };
      }),
      flash: (request.query as { saved?: string }).saved ? 'Register saved' : undefined,
      errors,
    });
  };

  app.get(
    '/training/registers/:id',
    { config: { permission: 'training:register' } },
    async (request, reply) => registerPage(request, reply, numericId(request.params)),
  );

  app.post(
    '/training/registers/:id',
    {
      config: {
        permission: 'training:register',
        audit: { action: 'mark-register', recordType: 'training-session' },
      },
    },
    async (request, reply) => {
      const id = numericId(request.params);
      const register = await training.register(id, trainerFilter(request));
      if (!register) throw new NotFoundError();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(registerInput(register.bookings), body);
      if (!parsed.ok) {
        reply.code(400);
        return registerPage(request, reply, id, parsed.errors, body);
      }
      const marks = new Map<number, AttendanceMark>();
      for (const b of register.bookings) {
        const mark = parsed.value[`attendance-${b.id}`];
        if (mark) marks.set(b.id, mark);
      }
      const result = await training.markRegister(request.auditWriter, id, marks, request.user!.id);
      if (!result.ok) {
        reply.code(400);
        return registerPage(request, reply, id, result.errors, body);
      }
      return reply.redirect(`/training/registers/${id}?saved=1`, 303);
    },
  );

  // ---- mandatory training ------------------------------------------------------------------

  const statusFilter = z.object({
    status: z.enum(['in_date', 'due_soon', 'expired', 'never', 'not_in_date', 'all']).catch('not_in_date'),
    district: z.string().max(100).optional().catch(undefined),
  });

  const mandatoryData = async (query: unknown) => {
    const course = await training.getSafeCourse();
    if (!course) throw new NotFoundError();
    const today = londonDate(clock.now());
    const filters = statusFilter.parse(query ?? {});
    const [people, share] = await Promise.all([
      training.staffStatus(course.id, today),
      training.getSafeShare(today),
    ]);
    const shown = people.filter(
      (p) =>
        (filters.status === 'all' ||
          (filters.status === 'not_in_date'
            ? p.status === 'expired' || p.status === 'never' || p.status === 'due_soon'
            : p.status === filters.status)) &&
        (!filters.district || p.districtName === filters.district),
    );
    return { course, today, filters, people, share, shown };
  };

  app.get('/training/mandatory', { config: { permission: 'training:mandatory' } }, async (request, reply) => {
    const { course, today, filters, people, share, shown } = await mandatoryData(request.query);
    const counts = Object.fromEntries(
      Object.keys(MANDATORY_STATUSES).map((s) => [s, people.filter((p) => p.status === s).length]),
    );
    // In the registry's order of phases (early years first).
    const phaseOrder = Object.keys(PHASES);
    const phaseRows = [...share.byPhase]
      .sort((a, b) => phaseOrder.indexOf(a.label) - phaseOrder.indexOf(b.label))
      .map((r) => ({ ...r, label: PHASES[r.label as keyof typeof PHASES] ?? r.label }));
    const chart = await percentageBarChart({
      id: 'chart-district',
      label: `Bar chart: percentage of schools whose DSL and a deputy are in date with ${course.title}, by district`,
      summary: `${share.overall.bothInDate} of ${share.overall.settings} schools (${pct(share.overall.bothInDate, share.overall.settings)}) have both their DSL and a deputy in date on ${longDate(today)}.`,
      axisTitle: '% of schools',
      categoryTitle: '',
      data: share.byDistrict.map((r) => ({
        label: r.label,
        value: r.settings ? (100 * r.bothInDate) / r.settings : 0,
      })),
    });
    const shareTable = (
      caption: string,
      first: string,
      rows: { label: string; settings: number; bothInDate: number }[],
    ) => ({
      caption,
      captionClasses: 'govuk-table__caption--s',
      firstCellIsHeader: true,
      head: [
        { text: first },
        { text: 'Settings', format: 'numeric' },
        { text: 'DSL and a deputy in date', format: 'numeric' },
        { text: '%', format: 'numeric' },
      ],
      rows: rows.map((r) => [
        { text: r.label },
        { text: String(r.settings), format: 'numeric' },
        { text: String(r.bothInDate), format: 'numeric' },
        { text: pct(r.bothInDate, r.settings), format: 'numeric' },
      ]),
    });
    const districts = [...new Set(people.map((p) => p.districtName))].sort();
    return reply.page(`${V}/mandatory.njk`, {
      title: `${course.title} training of DSLs and deputies`,
      course,
      today,
      share,
      chart,
      districtTable: shareTable('Schools by district (early years not included)', 'District', [
        ...share.byDistrict,
        share.overall,
      ]),
      phaseTable: shareTable('Settings by phase', 'Phase', phaseRows),
      counts: Object.entries(MANDATORY_STATUSES).map(([k, text]) => ({ text, count: counts[k] ?? 0 })),
      statuses: [
        {
          value: 'not_in_date',
          text: 'Expired, never trained or due within 60 days',
          selected: filters.status === 'not_in_date',
        },
        { value: 'all', text: 'Everyone', selected: filters.status === 'all' },
        ...Object.entries(MANDATORY_STATUSES).map(([value, text]) => ({
          value,
          text,
          selected: filters.status === value,
        })),
      ],
      districts: [
        { value: '', text: 'All districts' },
        ...districts.map((d) => ({ value: d, text: d, selected: d === filters.district })),
      ],
      rows: shown.slice(0, 300).map(personRow),
      shownTotal: shown.length,
      csvHref: `/training/mandatory.csv?${new URLSearchParams({ status: filters.status, ...(filters.district ? { district: filters.district } : {}) })}`,
      flash: (request.query as { recorded?: string }).recorded ? 'Training recorded' : undefined,
      canRecord: request.permissions.allows('training:manage'),
    });
  });

  app.get(
    '/training/mandatory.csv',
    { config: { permission: 'training:mandatory' } },
    async (request, reply) => {
      const { course, today, shown } = await mandatoryData(request.query);
      return sendCsv(reply, `${course.code.toLowerCase()}-status-${today}.csv`, [
        [
          'Setting',
          'URN',
          'Phase',
          'District',
          'Role',
          'Given name',
          'Family name',
          'Email',
          'Status',
          'Last completed',
          'Renew by',
        ],
        ...shown.map((p) => [
          p.settingName,
          p.urn,
          PHASES[p.phase as keyof typeof PHASES] ?? p.phase,
          p.districtName,
          STAFF_ROLES[p.staffRole as keyof typeof STAFF_ROLES] ?? p.staffRole,
          p.givenName,
          p.familyName,
          p.email,
          MANDATORY_STATUSES[p.status],
          p.lastCompletedOn ?? '',
          p.dueOn ?? '',
        ]),
      ]);
    },
  );

  // ---- figures -----------------------------------------------------------------------------

  app.get('/training/figures', { config: { permission: 'training:figures' } }, async (request, reply) => {
    // The yearly report covers the last complete year: shown unless another is asked for.
    const year = chosenYear(request.query, 1);
    const f = await training.figures(year.from, year.to);
    const [courseChart, agencyChart] = await Promise.all([
      labelledCountChart({
        id: 'chart-courses',
        label: `Bar chart: practitioners who attended each course, ${year.label}`,
        summary: `${f.totals.attended} places attended at ${f.totals.sessions} sessions in ${year.label}; ${f.totals.coreAttended} at the core courses.`,
        axisTitle: 'Attended',
        categoryTitle: '',
        data: f.courses.map((c) => ({ label: c.title, value: c.attended })),
      }),
      labelledCountChart({
        id: 'chart-agencies',
        label: `Bar chart: practitioners who attended, by kind of agency, ${year.label}`,
        summary: f.byAgency.length
          ? `Most attendees came from ${f.byAgency[0]!.label.toLowerCase()} (${f.byAgency[0]!.attended}).`
          : 'No register was marked in this year.',
        axisTitle: 'Attended',
        categoryTitle: '',
        data: f.byAgency.map((a) => ({ label: a.label, value: a.attended })),
      }),
    ]);
    const num = (n: number) => ({ text: String(n), format: 'numeric' });
    return reply.page(`${V}/figures.njk`, {
      title: `Training figures, ${year.label}`,
      year,
      years: yearLinks('/training/figures'),
      f,
      courseChart,
      agencyChart,
      nonAttendanceRate: pct(f.totals.missed, f.totals.marked),
      courseTable: {
        caption: `Attendance by course, ${year.label}`,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        head: [
          { text: 'Course' },
          { text: 'Attended', format: 'numeric' },
          { text: 'Number of sessions', format: 'numeric' },
          { text: 'Did not attend', format: 'numeric' },
          { text: 'Cancelled late', format: 'numeric' },
        ],
        rows: [
          ...f.courses.map((c) => [
            { text: c.title + (c.core ? '' : ' (not a core course)') },
            num(c.attended),
            num(c.sessions),
            num(c.didNotAttend),
            num(c.cancelledLate),
          ]),
          [
            { text: 'Total' },
            num(f.totals.attended),
            num(f.totals.sessions),
            num(f.totals.didNotAttend),
            num(f.totals.cancelledLate),
          ],
        ],
      },
      agencyTable: {
        caption: `Attendance by kind of agency, ${year.label}`,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        head: [
          { text: 'Agency' },
          { text: 'Attended', format: 'numeric' },
          { text: 'Did not attend', format: 'numeric' },
          { text: 'Cancelled late', format: 'numeric' },
          { text: 'Non-attendance rate', format: 'numeric' },
        ],
        rows: f.byAgency.map((a) => [
          { text: a.label },
          num(a.attended),
          num(a.didNotAttend),
          num(a.cancelledLate),
          {
            text: pct(a.didNotAttend + a.cancelledLate, a.attended + a.didNotAttend + a.cancelledLate),
            format: 'numeric',
          },
        ]),
      },
      nonAttendanceTable: {
        caption: `Booked places not attended, by agency and quarter, ${year.label}`,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        head: [
          { text: 'Agency' },
          ...f.quarterLabels.map((q) => ({ text: q, format: 'numeric' })),
          { text: 'Year', format: 'numeric' },
        ],
        rows: f.nonAttendance.map((o) => [
          { text: o.organisation },
          ...o.quarters.map((q) => ({
            text: q.marked ? `${q.missed} of ${q.marked}` : '–',
            format: 'numeric',
          })),
          { text: `${o.missed} of ${o.marked}`, format: 'numeric' },
        ]),
      },
      feedbackTable: {
        caption: `Feedback by course, ${year.label} (means, 1 to 5)`,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        head: [
          { text: 'Course' },
          { text: 'Responses', format: 'numeric' },
          { text: 'Overall', format: 'numeric' },
          { text: 'Learning outcomes met', format: 'numeric' },
          { text: 'Confidence before', format: 'numeric' },
          { text: 'Confidence after', format: 'numeric' },
        ],
        rows: f.feedback.map((r) => [
          { text: r.title },
          num(r.responses),
          { text: r.rating?.toFixed(1) ?? '–', format: 'numeric' },
          { text: r.outcomesMet?.toFixed(1) ?? '–', format: 'numeric' },
          { text: r.confidenceBefore?.toFixed(1) ?? '–', format: 'numeric' },
          { text: r.confidenceAfter?.toFixed(1) ?? '–', format: 'numeric' },
        ]),
      },
      quotes: await training.quotes(year.from, year.to, true),
    });
  });
}

function personRow(p: {
  settingName: string;
  staffRole: string;
  givenName: string;
  familyName: string;
  districtName: string;
  status: MandatoryStatus;
  lastCompletedOn: string | null;
  dueOn: string | null;
}) {
  return {
    ...p,
    roleText: STAFF_ROLES[p.staffRole as keyof typeof STAFF_ROLES] ?? p.staffRole,
    statusText: MANDATORY_STATUSES[p.status],
    statusTag: MANDATORY_TAG[p.status],
  };
}

/** The reporting year asked for (`?year=2023` is 2023/24), or the current one. */
function chosenYear(query: unknown, yearsBack = 0) {
  const parsed = yearQuery.safeParse(query ?? {});
  if (parsed.success && parsed.data.year) return reportingYear(parsed.data.year);
  return reportingYear(reportingYearOf(londonDate(clock.now())).startYear - yearsBack);
}

function yearLinks(path: string) {
  const current = reportingYearOf(londonDate(clock.now())).startYear;
  return [0, 1, 2, 3].map((back) => {
    const y = reportingYear(current - back);
    return { text: y.label, href: `${path}?year=${y.startYear}` };
  });
}

function notFound(): never {
  throw new NotFoundError();
}
