/**
 * User accounts, the platform's own table (app_user): who can sign in, in which role, and where
 * they work. The registry's pages manage accounts through these functions, inside their own
 * transactions; other modules read accounts through the published view `auth_account`, which
 * holds no password hash.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from './roles.ts';
import * as clock from '../clock.ts';

export interface AccountFields {
  email: string;
  givenName: string;
  familyName: string;
  role: Role;
  organisationId: number | null;
  teamId: number | null;
  settingId: number | null;
}

/** Whether another account (not `exceptId`) already has this email address, whatever its case. */
export async function emailTaken(db: Kysely<Database>, email: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('appUser').select('id').where(sql`lower(email)`, '=', email.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertAccount(
  trx: Transaction<Database>,
  fields: AccountFields & { passwordHash: string },
): Promise<string> {
  const row = await trx.insertInto('appUser').values(fields).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Many accounts at once (the demo partnership). */
export async function insertAccounts(
  trx: Transaction<Database>,
  rows: readonly (AccountFields & { passwordHash: string })[],
): Promise<void> {
  if (rows.length)
    await trx
      .insertInto('appUser')
      .values([...rows])
      .execute();
}

/** Changes an account; disabling it also ends its sessions, so a disabled user is signed out at once. */
export async function updateAccount(
  trx: Transaction<Database>,
  id: string,
  fields: AccountFields,
  active: boolean,
): Promise<void> {
  await trx
    .updateTable('appUser')
    .set({ ...fields, active, updatedAt: clock.now() })
    .where('id', '=', id)
    .execute();
  if (!active) await trx.deleteFrom('userSession').where('userId', '=', id).execute();
}
