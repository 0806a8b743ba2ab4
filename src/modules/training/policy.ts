/**
 * Training: anyone may read the list of upcoming sessions (a public page) and book without an
 * account; signed-in practitioners book in a click; the business unit runs courses and sessions;
 * trainers mark their own sessions' registers; schools see their staff's bookings and GET SAFE
 * status; executives see the figures. No rule here depends on the record: a trainer's registers
 * and a school's bookings are narrowed by the queries (a session not theirs is 404).
 */
import { definePolicy } from '../../platform/auth/permissions.ts';

export const trainingPolicy = definePolicy({
  // Any signed-in practitioner books for themselves.
  'training:book': {
    roles: [
      'partnership_admin',
      'police_officer',
      'dsl',
      'health_visitor',
      'front_door_practitioner',
      'hospital_safeguarding_nurse',
      'encompass_coordinator',
      'get_safe_coordinator',
      'data_quality',
      'auditor',
      'qa_lead',
      'education_safeguarding_officer',
      'head_teacher',
      'trainer',
      'review_group_member',
    ],
  },
  // The business unit: courses, sessions, every register, feedback quotes, recorded completions.
  'training:manage': { roles: ['partnership_admin'] },
  // Registers: a trainer sees only the sessions they deliver (the business unit sees all).
  'training:register': { roles: ['trainer', 'partnership_admin'] },
  // A school's own staff: their bookings and GET SAFE status (the user's setting only).
  'training:setting': { roles: ['dsl', 'head_teacher'] },
  // Every DSL's and deputy's mandatory training, and the share of schools in date.
  'training:mandatory': { roles: ['partnership_admin', 'education_safeguarding_officer'] },
  // The year's figures: aggregates only.
  'training:figures': {
    roles: ['partnership_admin', 'executive', 'qa_lead', 'education_safeguarding_officer'],
  },
});

declare module '../../platform/auth/permissions.ts' {
  interface Policies {
    training: typeof trainingPolicy;
  }
}
