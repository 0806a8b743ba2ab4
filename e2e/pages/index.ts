/** Every page object of a session, made on demand. */
import type { Session } from '../support/session.ts';
import { AuditPage } from './audit-page.ts';
import { DuplicatePage, DuplicatesPage, FindChildPage, ReconcilePage } from './duplicates-page.ts';
import { ClosureFormPage } from './closure-form-page.ts';
import { EnrolmentPage } from './enrolment-page.ts';
import { KeyAdultFormPage } from './key-adult-form-page.ts';
import { ErrorPage } from './error-page.ts';
import { IncidentFormPage } from './incident-form-page.ts';
import { IncidentPage } from './incident-page.ts';
import { NoticePage } from './notice-page.ts';
import { NoticesPage } from './notices-page.ts';
import { QueuePage } from './queue-page.ts';
import { SettingFormPage } from './setting-form-page.ts';
import { SettingPage } from './setting-page.ts';
import { SettingsPage } from './settings-page.ts';
import { SignInPage } from './sign-in-page.ts';
import { StartPage } from './start-page.ts';
import { UserFormPage } from './user-form-page.ts';
import { UsersPage } from './users-page.ts';

export {
  AuditPage,
  DuplicatePage,
  DuplicatesPage,
  FindChildPage,
  ReconcilePage,
  ClosureFormPage,
  EnrolmentPage,
  KeyAdultFormPage,
  ErrorPage,
  IncidentFormPage,
  IncidentPage,
  NoticePage,
  NoticesPage,
  QueuePage,
  SettingFormPage,
  SettingPage,
  SettingsPage,
  SignInPage,
  StartPage,
  UserFormPage,
  UsersPage,
};
export type { Landing } from './base-page.ts';

export function pagesOf(session: Session) {
  return {
    signIn: new SignInPage(session),
    start: new StartPage(session),
    error: new ErrorPage(session),
    settings: new SettingsPage(session),
    settingForm: new SettingFormPage(session),
    setting: new SettingPage(session),
    userForm: new UserFormPage(session),
    users: new UsersPage(session),
    audit: new AuditPage(session),
    keyAdultForm: new KeyAdultFormPage(session),
    closureForm: new ClosureFormPage(session),
    enrolment: new EnrolmentPage(session),
    incidentForm: new IncidentFormPage(session),
    incident: new IncidentPage(session),
    notices: new NoticesPage(session),
    notice: new NoticePage(session),
    queue: new QueuePage(session),
    duplicates: new DuplicatesPage(session),
    duplicate: new DuplicatePage(session),
    findChild: new FindChildPage(session),
    reconcile: new ReconcilePage(session),
  };
}

export type Pages = ReturnType<typeof pagesOf>;
