/**
 * The registry's rules: organisations, settings, users and the minimal child index. Every write
 * validates first and then runs in one transaction, so bad input saves nothing.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { type Transaction, sql } from 'kysely';
import type { AuditEntryParameter, AuditWriter } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/schema.ts';
import { emailTaken, insertAccount, updateAccount } from '../../platform/auth/accounts.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/client.ts';
import { type FormErrors, type FormResult, dateFormError, formError } from '../../platform/http/forms.ts';
import * as q from './queries.ts';
import {
  type ClosureInput,
  type OwnTermInput,
  FORMER_SETTING_CSV_COLUMNS,
  type KeyAdultInput,
  type OrganisationInput,
  SETTING_CSV_COLUMNS,
  type SettingFilters,
  type SettingInput,
  type UserInput,
  type UserUpdate,
  settingInput,
} from './schema.ts';
import * as clock from '../../platform/clock.ts';

export interface CsvProblem {
  row: number;
  column: string;
  message: string;
}

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: CsvProblem[] };

/** zod field names back to the CSV's column names, so an error names the column people see. */
const CSV_COLUMN_OF: Record<string, string> = {
  urn: 'urn',
  name: 'name',
  phase: 'phase',
  districtCode: 'district',
  schoolDayStartsAt: 'school_day_starts_at',
  safeguardingEmail: 'safeguarding_email',
};

export class RegistryService {
  constructor(private readonly db: Db) {}

  districts() {
    return q.listDistricts(this.db);
  }
  organisations() {
    return q.listOrganisations(this.db);
  }
  organisation(id: number) {
    return q.findOrganisation(this.db, id);
  }
  teams() {
    return q.listTeams(this.db);
  }
  users() {
    return q.listUsers(this.db);
  }
  settings(filters: SettingFilters) {
    return q.listSettings(this.db, filters);
  }
  setting(id: number) {
    return q.findSetting(this.db, id);
  }
  /** The setting's page, and its audit entry appended in the same statement (request.auditedRead). */
  async settingDetail(id: number, audit: AuditEntryParameter) {
    const row = await q.findSettingDetail(this.db, id, audit);
    if (!row) return undefined;
    const { staff, closures, ownTerms, audited: _, ...setting } = row;
    return { setting, staff, closures, ownTerms };
  }

  async createSetting(audit: AuditWriter, input: SettingInput): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const district = await q.findDistrictByCodeOrName(trx, input.districtCode);
      const errors: FormErrors = { summary: [], byField: {} };
      if (!district) formError('districtCode', `There is no district called ${input.districtCode}`, errors);
      if (await q.findSettingByUrn(trx, input.urn))
        formError('urn', `A setting with URN ${input.urn} already exists`, errors);
      if (errors.summary.length || !district) return { ok: false, errors };
      const row = await trx
        .insertInto('setting')
        .values(settingRow(input, district.id))
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'setting', recordId: row.id });
      return { ok: true, value: { id: row.id } };
    });
  }

  async updateSetting(
    audit: AuditWriter,
    id: number,
    input: SettingInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const district = await q.findDistrictByCodeOrName(trx, input.districtCode);
      const errors: FormErrors = { summary: [], byField: {} };
      if (!district) formError('districtCode', `There is no district called ${input.districtCode}`, errors);
      const clash = await q.findSettingByUrn(trx, input.urn);
      if (clash && clash.id !== id) formError('urn', `Another setting already has URN ${input.urn}`, errors);
      if (errors.summary.length || !district) return { ok: false, errors };
      await trx
        .updateTable('setting')
        .set({ ...settingRow(input, district.id), updatedAt: clock.now() })
        .where('id', '=', id)
        .execute();
      await audit(trx, { action: 'update', recordType: 'setting', recordId: id });
      return { ok: true, value: { id } };
    });
  }

  /** All or nothing: every row is checked first, and one problem imports none. */
  async importSettingsCsv(audit: AuditWriter, content: Buffer | string): Promise<ImportResult> {
    let records: string[][];
    try {
      records = parseCsv(content, {
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (error) {
      return {
        ok: false,
        problems: [
          { row: 0, column: '', message: `The file is not a readable CSV: ${(error as Error).message}` },
        ],
      };
    }
    const [header, ...rows] = records;
    if (!header) return { ok: false, problems: [{ row: 1, column: '', message: 'The file is empty' }] };
    const columns = header.map((h) => h.toLowerCase());
    const problems: CsvProblem[] = [];
    const missing = SETTING_CSV_COLUMNS.filter((c) => !columns.includes(c));
    for (const column of missing)
      problems.push({ row: 1, column, message: `The header has no ${column} column` });
    for (const column of columns.filter((c) => !(SETTING_CSV_COLUMNS as readonly string[]).includes(c))) {
      const former = (FORMER_SETTING_CSV_COLUMNS as readonly string[]).includes(column);
      problems.push({
        row: 1,
        column,
        message: former
          ? `Remove the ${column} column: Operation Encompass enrolment is no longer imported with settings; the Operation Encompass coordinator records it on the enrolment pages`
          : `Unknown column ${column}`,
      });
    }
    if (problems.length) return { ok: false, problems };
    if (rows.length === 0)
      return { ok: false, problems: [{ row: 2, column: '', message: 'The file has no settings in it' }] };

    const districts = await this.districts();
    const districtIds = new Map<string, number>();
    for (const d of districts) {
      districtIds.set(d.code.toUpperCase(), d.id);
      districtIds.set(d.name.toUpperCase(), d.id);
    }
    const existingUrns = new Set(
      (await this.db.selectFrom('setting').select('urn').execute()).map((s) => s.urn),
    );
    const seen = new Map<string, number>();
    const valid: ReturnType<typeof settingRow>[] = [];
    rows.forEach((cells, index) => {
      const rowNumber = index + 2; // the header is row 1
      if (cells.length !== columns.length) {
        problems.push({
          row: rowNumber,
          column: '',
          message: `Row has ${cells.length} columns; the header has ${columns.length}`,
        });
        return;
      }
      const value = (name: string) => cells[columns.indexOf(name)] ?? '';
      const parsed = settingInput.safeParse({
        urn: value('urn'),
        name: value('name'),
        phase: value('phase'),
        districtCode: value('district'),
        schoolDayStartsAt: value('school_day_starts_at'),
        safeguardingEmail: value('safeguarding_email'),
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          problems.push({ row: rowNumber, column: CSV_COLUMN_OF[field] ?? field, message: issue.message });
        }
        return;
      }
      const input = parsed.data;
      const districtId = districtIds.get(input.districtCode.toUpperCase());
      if (!districtId)
        problems.push({
          row: rowNumber,
          column: 'district',
          message: `There is no district called ${input.districtCode}`,
        });
      if (existingUrns.has(input.urn))
        problems.push({
          row: rowNumber,
          column: 'urn',
          message: `A setting with URN ${input.urn} already exists`,
        });
      const earlier = seen.get(input.urn);
      if (earlier)
        problems.push({
          row: rowNumber,
          column: 'urn',
          message: `URN ${input.urn} is also on row ${earlier}`,
        });
      seen.set(input.urn, rowNumber);
      if (districtId) valid.push(settingRow(input, districtId));
    });
    if (problems.length) return { ok: false, problems };
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < valid.length; i += 500) {
        await trx
          .insertInto('setting')
          .values(valid.slice(i, i + 500))
          .execute();
      }
      await audit(trx, {
        action: 'import',
        recordType: 'setting',
        recordId: `${valid.length} settings`,
        reason: 'CSV import',
      });
    });
    return { ok: true, imported: valid.length };
  }

  async addKeyAdult(
    audit: AuditWriter,
    settingId: number,
    input: KeyAdultInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('settingStaff')
        .select('id')
        .where('settingId', '=', settingId)
        .where(sql`lower(email)`, '=', input.email)
        .executeTakeFirst();
      if (clash)
        return { ok: false, errors: formError('email', 'This person is already recorded at this setting') };
      if (input.staffRole === 'dsl' || input.staffRole === 'head') {
        const holder = await trx
          .selectFrom('settingStaff')
          .select(['givenName', 'familyName'])
          .where('settingId', '=', settingId)
          .where('staffRole', '=', input.staffRole)
          .executeTakeFirst();
        if (holder) {
          const role = input.staffRole === 'dsl' ? 'designated safeguarding lead' : 'head';
          return {
            ok: false,
            errors: formError(
              'staffRole',
              `${holder.givenName} ${holder.familyName} is already the ${role}: remove them first`,
            ),
          };
        }
      }
      const row = await trx
        .insertInto('settingStaff')
        .values({ settingId, ...input })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'add-key-adult', recordType: 'setting', recordId: settingId });
      return { ok: true, value: { id: row.id } };
    });
  }

  async removeKeyAdult(audit: AuditWriter, settingId: number, staffId: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('settingStaff')
        .where('settingId', '=', settingId)
        .where('id', '=', staffId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await audit(trx, { action: 'remove-key-adult', recordType: 'setting', recordId: settingId });
      return true;
    });
  }

  /** Closures count only on days the setting would otherwise be open: a weekday in term. */
  async addClosure(
    audit: AuditWriter,
    settingId: number,
    input: ClosureInput,
  ): Promise<FormResult<{ date: string }>> {
    const weekday = new Date(`${input.date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6)
      return {
        ok: false,
        errors: dateFormError('date', 'The date is a weekend: the setting is closed anyway'),
      };
    return this.db.transaction().execute(async (trx) => {
      // In term by the setting's own term dates if it keeps any, else the local authority's.
      const own = await q.settingOwnTerms(trx, settingId);
      const term = own.length
        ? own.find((t) => t.startsOn <= input.date && input.date <= t.endsOn)
        : await trx
            .selectFrom('term')
            .select('id')
            .where('startsOn', '<=', input.date)
            .where('endsOn', '>=', input.date)
            .executeTakeFirst();
      if (!term)
        return {
          ok: false,
          errors: dateFormError('date', 'The date is in the school holidays: the setting is closed anyway'),
        };
      const inserted = await trx
        .insertInto('settingClosure')
        .values({ settingId, date: input.date, reason: input.reason })
        .onConflict((oc) => oc.doNothing())
        .returning('date')
        .executeTakeFirst();
      if (!inserted)
        return { ok: false, errors: dateFormError('date', 'This day is already recorded as a closure') };
      await audit(trx, {
        action: 'add-closure',
        recordType: 'setting',
        recordId: settingId,
        reason: input.date,
      });
      return { ok: true, value: { date: input.date } };
    });
  }

  /** One of the setting's own terms; terms may not overlap. */
  async addOwnTerm(
    audit: AuditWriter,
    settingId: number,
    input: OwnTermInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      // One at a time per setting, so two overlapping terms cannot both pass the check.
      await trx.selectFrom('setting').select('id').where('id', '=', settingId).forUpdate().executeTakeFirst();
      const overlapping = (await q.settingOwnTerms(trx, settingId)).find(
        (t) => t.startsOn <= input.endsOn && input.startsOn <= t.endsOn,
      );
      if (overlapping)
        return { ok: false, errors: dateFormError('startsOn', `The term overlaps ${overlapping.name}`) };
      const row = await trx
        .insertInto('settingTerm')
        .values({ settingId, name: input.name, startsOn: input.startsOn, endsOn: input.endsOn })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, {
        action: 'add-own-term',
        recordType: 'setting',
        recordId: settingId,
        reason: `${input.startsOn} to ${input.endsOn}`,
      });
      return { ok: true, value: { id: row.id } };
    });
  }

  async removeOwnTerm(audit: AuditWriter, settingId: number, termId: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('settingTerm')
        .where('settingId', '=', settingId)
        .where('id', '=', termId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await audit(trx, { action: 'remove-own-term', recordType: 'setting', recordId: settingId });
      return true;
    });
  }

  ownTerms(settingId: number) {
    return q.settingOwnTerms(this.db, settingId);
  }

  async removeClosure(audit: AuditWriter, settingId: number, date: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('settingClosure')
        .where('settingId', '=', settingId)
        .where('date', '=', date)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await audit(trx, {
        action: 'remove-closure',
        recordType: 'setting',
        recordId: settingId,
        reason: date,
      });
      return true;
    });
  }

  async createOrganisation(
    audit: AuditWriter,
    input: OrganisationInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('organisation')
        .select(['code', 'name'])
        .where((eb) =>
          eb.or([eb('code', '=', input.code), eb(sql`lower(name)`, '=', input.name.toLowerCase())]),
        )
        .executeTakeFirst();
      if (clash) {
        return clash.code === input.code
          ? { ok: false, errors: formError('code', `An organisation with code ${input.code} already exists`) }
          : { ok: false, errors: formError('name', `An organisation called ${input.name} already exists`) };
      }
      const row = await trx
        .insertInto('organisation')
        .values(input)
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, { action: 'create', recordType: 'organisation', recordId: row.id });
      return { ok: true, value: { id: row.id } };
    });
  }

  async updateOrganisation(
    audit: AuditWriter,
    id: number,
    input: OrganisationInput,
  ): Promise<FormResult<{ id: number }>> {
    return this.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('organisation')
        .select(['id', 'code'])
        .where('id', '<>', id)
        .where((eb) =>
          eb.or([eb('code', '=', input.code), eb(sql`lower(name)`, '=', input.name.toLowerCase())]),
        )
        .executeTakeFirst();
      if (clash) {
        return clash.code === input.code
          ? { ok: false, errors: formError('code', `Another organisation has code ${input.code}`) }
          : { ok: false, errors: formError('name', `Another organisation is called ${input.name}`) };
      }
      await trx
        .updateTable('organisation')
        .set({ ...input, updatedAt: clock.now() })
        .where('id', '=', id)
        .execute();
      await audit(trx, { action: 'update', recordType: 'organisation', recordId: id });
      return { ok: true, value: { id } };
    });
  }

  user(id: string) {
    return q.findUser(this.db, id);
  }

  /** Creates an account; the role's scope decides which of organisation, team or setting it needs. */
  async createUser(audit: AuditWriter, input: UserInput): Promise<FormResult<{ id: string }>> {
    const passwordHash = await hashPassword(input.password);
    return this.saveUser(audit, undefined, input, { passwordHash });
  }

  /** Changes an account; disabling it also ends its sessions. */
  async updateUser(audit: AuditWriter, id: string, input: UserUpdate): Promise<FormResult<{ id: string }>> {
    return this.saveUser(audit, id, input, { active: input.active });
  }

  private async saveUser(
    audit: AuditWriter,
    id: string | undefined,
    input: Omit<UserInput, 'password'>,
    extra: { passwordHash?: string; active?: boolean },
  ): Promise<FormResult<{ id: string }>> {
    const role = input.role as Role;
    const needs = ROLES[role].needs;
    return this.db.transaction().execute(async (trx) => {
      const errors: FormErrors = { summary: [], byField: {} };
      if (await emailTaken(trx, input.email, id)) {
        formError('email', 'A user with this email address already exists', errors);
      }
      const organisation = input.organisationCode
        ? await trx
            .selectFrom('organisation')
            .select('id')
            .where('code', '=', input.organisationCode)
            .executeTakeFirst()
        : undefined;
      const team = input.teamCode
        ? await trx
            .selectFrom('team')
            .select(['id', 'organisationId'])
            .where('code', '=', input.teamCode)
            .executeTakeFirst()
        : undefined;
      const setting = input.settingUrn ? await q.findSettingByUrn(trx, input.settingUrn) : undefined;
      if (input.organisationCode && !organisation)
        formError('organisationCode', `There is no organisation with code ${input.organisationCode}`, errors);
      if (input.teamCode && !team)
        formError('teamCode', `There is no team with code ${input.teamCode}`, errors);
      if (input.settingUrn && !setting)
        formError('settingUrn', `There is no setting with URN ${input.settingUrn}`, errors);
      if (needs === 'organisation' && !input.organisationCode)
        formError(
          'organisationCode',
          `Select the organisation: a ${ROLES[role].label.toLowerCase()} works for one`,
          errors,
        );
      if (needs === 'team' && !input.teamCode)
        formError('teamCode', `Select the team: a ${ROLES[role].label.toLowerCase()} works in one`, errors);
      if (needs === 'setting' && !input.settingUrn)
        formError(
          'settingUrn',
          'Enter the URN of the setting this designated safeguarding lead works at',
          errors,
        );
      if (errors.summary.length) return { ok: false, errors };
      const fields = {
        email: input.email,
        givenName: input.givenName,
        familyName: input.familyName,
        role,
        organisationId: organisation?.id ?? team?.organisationId ?? null,
        teamId: team?.id ?? null,
        settingId: setting?.id ?? null,
      };
      if (id) {
        await updateAccount(trx, id, fields, extra.active ?? true);
        await audit(trx, {
          action: extra.active === false ? 'disable' : 'update',
          recordType: 'user',
          recordId: id,
        });
        return { ok: true, value: { id } };
      }
      const userId = await insertAccount(trx, { ...fields, passwordHash: extra.passwordHash! });
      await audit(trx, { action: 'create', recordType: 'user', recordId: userId });
      return { ok: true, value: { id: userId } };
    });
  }

  /** The local authority's terms: every setting's calendar unless it has its own. */
  async termsInTrx(trx: Transaction<Database>) {
    return (await q.listTerms(trx)).map((t) => ({ start: t.startsOn, end: t.endsOn }));
  }
}

function settingRow(input: SettingInput, districtId: number) {
  return {
    urn: input.urn,
    name: input.name,
    phase: input.phase,
    districtId,
    schoolDayStartsAt: input.schoolDayStartsAt,
    safeguardingEmail: input.safeguardingEmail,
  };
}
