/** The training module's tables (migration 0170): courses, sessions, trainers, bookings, feedback, completions. */
import type { Generated, Selectable } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type StaffRole = 'dsl' | 'deputy_dsl' | 'head';

export interface TrainingCourseTable {
  id: Generated<number>;
  code: string;
  title: string;
  description: string;
  audience: string;
  learningOutcomes: string;
  mandatoryFor: Generated<StaffRole[]>;
  renewalMonths: number | null;
  core: Generated<boolean>;
  createdAt: Timestamp;
}

export interface TrainingSessionTable {
  id: Generated<number>;
  courseId: number;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  onlineLink: string | null;
  capacity: number;
  bookingDeadline: Date;
  cancelDeadline: Date;
  status: Generated<'scheduled' | 'cancelled'>;
  createdAt: Timestamp;
}

export interface TrainingSessionTrainerTable {
  sessionId: number;
  userId: string;
}

export type BookingStatus = 'pending' | 'booked' | 'waiting' | 'offered' | 'cancelled' | 'lapsed';
export type Attendance = 'attended' | 'did_not_attend' | 'cancelled_late';

export interface TrainingBookingTable {
  id: Generated<number>;
  sessionId: number;
  status: BookingStatus;
  attendance: Attendance | null;
  givenName: string;
  familyName: string;
  email: string;
  organisationName: string;
  agencyKind: string;
  userId: string | null;
  settingId: number | null;
  organisationId: number | null;
  linkSalt: string;
  requestedAt: Timestamp;
  confirmedAt: Date | null;
  waitingSince: Date | null;
  offeredAt: Date | null;
  offerExpiresAt: Date | null;
  cancelledAt: Date | null;
  markedAt: Date | null;
  markedBy: string | null;
}

export interface TrainingFeedbackTable {
  bookingId: number;
  submittedAt: Timestamp;
  rating: number;
  outcomesMet: number;
  confidenceBefore: number;
  confidenceAfter: number;
  quote: string | null;
  quoteForReport: Generated<boolean>;
}

export interface TrainingCompletionTable {
  id: Generated<number>;
  courseId: number;
  email: string;
  givenName: string;
  familyName: string;
  completedOn: CivilDate;
  note: string | null;
  recordedBy: string | null;
  recordedAt: Timestamp;
}

export type Course = Selectable<TrainingCourseTable>;
export type Session = Selectable<TrainingSessionTable>;
export type Booking = Selectable<TrainingBookingTable>;

export interface TrainingTables {
  trainingCourse: TrainingCourseTable;
  trainingSession: TrainingSessionTable;
  trainingSessionTrainer: TrainingSessionTrainerTable;
  trainingBooking: TrainingBookingTable;
  trainingFeedback: TrainingFeedbackTable;
  trainingCompletion: TrainingCompletionTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends TrainingTables {}
}
