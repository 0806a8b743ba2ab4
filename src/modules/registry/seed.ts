/**
 * Loads the demo partnership (a synthetic county) into an empty database: organisations, teams,
 * 726 settings with their Key Adults and INSET days, term dates, bank holidays, children and one
 * demo user per role. Every person in it is made up. The settings' Operation Encompass enrolment,
 * which the demo data also holds, is Operation Encompass's to seed.
 */
import { hashPassword } from '../../platform/auth/passwords.ts';
import { ROLE_NAMES, type Role } from '../../platform/auth/roles.ts';
import { insertAccounts } from '../../platform/auth/accounts.ts';
import type { Db } from '../../platform/db/client.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '../../synthetic/names.ts';
import { Random, deriveSeed } from '../../synthetic/random.ts';
import { type DemoPartnership, type DemoSetting, demoPartnership } from './demo/index.ts';

export interface DemoSignIn {
  role: Role;
  email: string;
  worksIn: string;
  /** The made-up person behind the demo account, e.g. "Priya Okafor". */
  name: string;
}

/**
 * A plausible made-up name for each demo account (the pages greet the person by name), drawn
 * with the seeded generator so every demo has the same people, and no two share a name.
 */
export function demoPeopleNames(
  roles: readonly Role[],
): Map<Role, { givenName: string; familyName: string }> {
  const random = new Random(deriveSeed(2026, 'demo-accounts'));
  const names = new Map<Role, { givenName: string; familyName: string }>();
  const taken = new Set<string>();
  for (const role of roles) {
    let name: { givenName: string; familyName: string };
    do {
      const given = random.chance(0.5) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
      name = { givenName: random.pick(given), familyName: random.pick(FAMILY_NAMES) };
    } while (taken.has(name.givenName) || taken.has(name.familyName));
    taken.add(name.givenName);
    taken.add(name.familyName);
    names.set(role, name);
  }
  return names;
}

export const DEMO_PASSWORD_DEFAULT = 'demo-password-not-for-real-use';

/**
 * The demo DSL's setting: the demo partnership's first primary school that has joined Operation
 * Encompass (Operation Encompass's seed enrols it, and records incidents about its pupils).
 */
export function demoDslSetting(partnership: DemoPartnership): DemoSetting {
  return partnership.settings.find((s) => s.phase === 'primary' && s.encompass.status === 'joined')!;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('district').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function seedDemoPartnership(db: Db, options: { password?: string }): Promise<DemoSignIn[]> {
  const partnership = demoPartnership();
  const password = options.password ?? DEMO_PASSWORD_DEFAULT;
  const passwordHash = await hashPassword(password);
  const signIns: DemoSignIn[] = [];

  await db.transaction().execute(async (trx) => {
    const chunks = <T>(rows: T[], size = 500) =>
      Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
    const districts = await trx
      .insertInto('district')
      .values(partnership.districts)
      .returning(['id', 'code'])
      .execute();
    const districtId = new Map(districts.map((d) => [d.code, d.id]));
    const organisations = await trx
      .insertInto('organisation')
      .values(
        partnership.organisations.map((o) => ({
          code: o.code,
          name: o.name,
          kind: o.kind,
          safeguardingPartner: o.safeguardingPartner,
        })),
      )
      .returning(['id', 'code', 'kind', 'name'])
      .execute();
    const organisationId = new Map(organisations.map((o) => [o.code, o.id]));
    const teams = await trx
      .insertInto('team')
      .values(
        partnership.teams.map((t) => ({
          code: t.code,
          name: t.name,
          organisationId: organisationId.get(t.organisationCode)!,
          districtId: t.districtCode ? districtId.get(t.districtCode)! : null,
          kind: t.kind,
          email: t.email,
        })),
      )
      .returning(['id', 'code', 'kind', 'name', 'organisationId', 'districtId'])
      .execute();
    await trx
      .insertInto('term')
      .values(
        partnership.terms.map((t) => ({
          schoolYear: t.schoolYear,
          name: t.name,
          startsOn: t.start,
          endsOn: t.end,
        })),
      )
      .execute();

    const settingIds = new Map<string, number>();
    for (const chunk of chunks(partnership.settings)) {
      const rows = await trx
        .insertInto('setting')
        .values(
          chunk.map((s) => ({
            urn: s.urn,
            name: s.name,
            phase: s.phase,
            districtId: districtId.get(s.districtCode)!,
            schoolDayStartsAt: s.schoolDayStartsAt,
            safeguardingEmail: s.safeguardingEmail,
          })),
        )
        .returning(['id', 'urn'])
        .execute();
      for (const r of rows) settingIds.set(r.urn, r.id);
    }
    const staff = partnership.settings.flatMap((s) =>
      s.staff.map((p) => ({
        settingId: settingIds.get(s.urn)!,
        staffRole: p.role,
        givenName: p.givenName,
        familyName: p.familyName,
        email: p.email,
      })),
    );
    for (const chunk of chunks(staff)) await trx.insertInto('settingStaff').values(chunk).execute();
    const closures = partnership.settings.flatMap((s) =>
      s.closures.map((c) => ({ settingId: settingIds.get(s.urn)!, date: c.date, reason: c.reason })),
    );
    for (const chunk of chunks(closures)) await trx.insertInto('settingClosure').values(chunk).execute();

    // One demo user per role, each in a sensible place of the demo county.
    const police = organisations.find((o) => o.kind === 'police')!;
    const firstJoinedSchool = demoDslSetting(partnership);
    const healthVisiting = teams.find((t) => t.kind === 'health_visiting')!;
    const frontDoor = teams.find((t) => t.kind === 'family_front_door')!;
    const hospital = teams.find((t) => t.kind === 'hospital_safeguarding')!;
    const localAuthority = organisations.find((o) => o.kind === 'local_authority')!;
    const placement: Record<
      Role,
      { organisationId?: number; teamId?: number; settingId?: number; worksIn: string }
    > = {
      partnership_admin: { organisationId: localAuthority.id, worksIn: 'the partnership business unit' },
      police_officer: { organisationId: police.id, worksIn: police.name },
      dsl: { settingId: settingIds.get(firstJoinedSchool.urn)!, worksIn: firstJoinedSchool.name },
      health_visitor: {
        organisationId: healthVisiting.organisationId,
        teamId: healthVisiting.id,
        worksIn: healthVisiting.name,
      },
      front_door_practitioner: {
        organisationId: frontDoor.organisationId,
        teamId: frontDoor.id,
        worksIn: frontDoor.name,
      },
      hospital_safeguarding_nurse: {
        organisationId: hospital.organisationId,
        teamId: hospital.id,
        worksIn: hospital.name,
      },
      encompass_coordinator: {
        organisationId: localAuthority.id,
        worksIn: 'the education safeguarding team',
      },
      get_safe_coordinator: { organisationId: localAuthority.id, worksIn: 'the GET SAFE team' },
      data_quality: { organisationId: localAuthority.id, worksIn: 'the partnership' },
      auditor: { organisationId: localAuthority.id, worksIn: localAuthority.name },
      qa_lead: { organisationId: localAuthority.id, worksIn: 'the partnership business unit' },
      education_safeguarding_officer: {
        organisationId: localAuthority.id,
        worksIn: 'the education safeguarding team',
      },
      head_teacher: { settingId: settingIds.get(firstJoinedSchool.urn)!, worksIn: firstJoinedSchool.name },
      trainer: { organisationId: localAuthority.id, worksIn: 'the partnership training team' },
      review_group_member: { organisationId: localAuthority.id, worksIn: 'the partnership' },
      executive: { organisationId: localAuthority.id, worksIn: 'the partnership executive' },
      analyst: { organisationId: localAuthority.id, worksIn: 'the partnership' },
    };
    const people = demoPeopleNames(ROLE_NAMES);
    await insertAccounts(
      trx,
      ROLE_NAMES.map((role) => {
        const place = placement[role];
        const email = `${role.replace(/_/g, '.')}@demo.safeguarding-hub.example`;
        const person = people.get(role)!;
        signIns.push({
          role,
          email,
          worksIn: place.worksIn,
          name: `${person.givenName} ${person.familyName}`,
        });
        return {
          email,
          ...person,
          role,
          organisationId: place.organisationId ?? null,
          teamId: place.teamId ?? null,
          settingId: place.settingId ?? null,
          passwordHash,
        };
      }),
    );
  });

  return signIns;
}
