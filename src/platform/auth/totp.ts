/**
 * The second factor: a TOTP authenticator (RFC 6238: SHA-1, 6 digits, 30-second steps, one step
 * either side accepted for clock drift) and ten one-time recovery codes.
 * - The shared secret is stored AES-256-GCM encrypted under the second-factor key, never in clear
 *   and never logged; recovery codes are stored as HMAC-SHA-256 under the same key.
 * - A code is accepted once: the step of the last accepted code is kept, and a code of that step
 *   or an earlier one is refused (the check and the update are one statement, so two requests
 *   racing with one code cannot both pass).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Generated } from 'kysely';
import * as OTPAuth from 'otpauth';
import * as clock from '../clock.ts';
import type { Db } from '../db/client.ts';
import type { Timestamp } from '../db/schema.ts';
import type { Role } from './roles.ts';

export interface UserSecondFactorTable {
  userId: string;
  secretEncrypted: string;
  confirmedAt: Date | null;
  lastUsedStep: Generated<string>;
  recoveryCodesIssuedAt: Date | null;
  createdAt: Timestamp;
}

export interface UserRecoveryCodeTable {
  id: Generated<string>;
  userId: string;
  codeHash: string;
  usedAt: Date | null;
}

declare module '../db/schema.ts' {
  interface Database {
    userSecondFactor: UserSecondFactorTable;
    userRecoveryCode: UserRecoveryCodeTable;
  }
}

/** The roles that hold the partnership's most sensitive powers: a second factor is required. */
export const SECOND_FACTOR_ROLES: readonly Role[] = [
  'partnership_admin',
  'data_quality',
  'auditor',
  'review_group_member',
];

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted (±30 s of drift between the phone and the server). */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

export function secondFactorRequired(config: { secondFactorRequired: boolean }, role: Role): boolean {
  return config.secondFactorRequired && SECOND_FACTOR_ROLES.includes(role);
}

function encryptionKey(secondFactorKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secondFactorKey, 'safeguarding-hub', 'totp-secret', 32));
}

export function encryptSecret(base32: string, secondFactorKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(secondFactorKey), iv);
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function decryptSecret(stored: string, secondFactorKey: string): string {
  const raw = Buffer.from(stored.replace(/^v1:/, ''), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey(secondFactorKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

function totp(base32: string, label = 'account', issuer = 'Safeguarding Hub'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(base32),
  });
}

/** The 30-second step an instant falls in. */
export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of a step (what the user's authenticator shows then): for tests and the demo. */
export function totpCode(base32: string, step: number): string {
  return totp(base32).generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function otpauthUri(base32: string, email: string, issuer: string): string {
  return totp(base32, email, issuer).toString();
}

/** The QR code as inline SVG markup (no image request, nothing for the CSP to allow). */
export async function qrCodeSvg(uri: string): Promise<string> {
  // Loaded on first use: only enrolment draws a QR code.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  // Described for screen readers: the secret is shown as text beside it.
  return svg.replace(
    '<svg ',
    '<svg role="img" aria-label="QR code to add this account to an authenticator app" width="200" height="200" ',
  );
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(base32: string): string {
  return base32.replace(/(.{4})/g, '$1 ').trim();
}

export interface SecondFactorState {
  confirmed: boolean;
  recoveryCodesLeft: number;
  recoveryCodesIssued: boolean;
}

export async function secondFactorOf(db: Db, userId: string): Promise<SecondFactorState | null> {
  const row = await db
    .selectFrom('userSecondFactor')
    .select(['confirmedAt', 'recoveryCodesIssuedAt'])
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  const left = await db
    .selectFrom('userRecoveryCode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    confirmed: row.confirmedAt !== null,
    recoveryCodesLeft: Number(left.n),
    recoveryCodesIssued: row.recoveryCodesIssuedAt !== null,
  };
}

/**
 * The secret of an enrolment under way, or a new one. Reloading the page shows the same QR code;
 * a confirmed authenticator is never replaced here (turn it off first).
 */
export async function enrolmentSecret(db: Db, key: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('userSecondFactor')
    .select(['secretEncrypted', 'confirmedAt'])
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (row?.confirmedAt) return null;
  if (row) return decryptSecret(row.secretEncrypted, key);
  const base32 = new OTPAuth.Secret({ size: 20 }).base32;
  await db
    .insertInto('userSecondFactor')
    .values({ userId, secretEncrypted: encryptSecret(base32, key) })
    .onConflict((oc) => oc.column('userId').doNothing())
    .execute();
  // Another request may have started it first: its secret is the one kept.
  const kept = await db
    .selectFrom('userSecondFactor')
    .select('secretEncrypted')
    .where('userId', '=', userId)
    .executeTakeFirstOrThrow();
  return decryptSecret(kept.secretEncrypted, key);
}

/**
 * The step of a code that matches the secret now (±TOTP_WINDOW steps), or null. Codes that are
 * not six digits never match.
 */
function matchingStep(base32: string, code: string): number | null {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  const now = clock.now().getTime();
  const delta = totp(base32).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : timeStep(new Date(now)) + delta;
}

/** Marks a step used, only if it is later than the last one used: false means a replay. */
async function useStep(db: Db, userId: string, step: number): Promise<boolean> {
  const updated = await db
    .updateTable('userSecondFactor')
    .set({ lastUsedStep: String(step) })
    .where('userId', '=', userId)
    .where('lastUsedStep', '<', String(step))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Confirms an enrolment with the first code from the app. */
export async function confirmEnrolment(db: Db, key: string, userId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('userSecondFactor')
    .select(['secretEncrypted', 'confirmedAt'])
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!row || row.confirmedAt) return false;
  const step = matchingStep(decryptSecret(row.secretEncrypted, key), normaliseCode(code));
  if (step === null || !(await useStep(db, userId, step))) return false;
  await db
    .updateTable('userSecondFactor')
    .set({ confirmedAt: clock.now() })
    .where('userId', '=', userId)
    .execute();
  return true;
}

function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

function recoveryCodeHash(code: string, key: string): string {
  return createHmac('sha256', encryptionKey(key)).update(normaliseCode(code)).digest('hex');
}

/**
 * Checks a code from the authenticator, or a recovery code, against a confirmed second factor.
 * Answers which kind passed, or null (wrong, replayed or already used).
 */
export async function verifySecondFactor(
  db: Db,
  key: string,
  userId: string,
  code: string,
): Promise<'totp' | 'recovery' | null> {
  const row = await db
    .selectFrom('userSecondFactor')
    .select(['secretEncrypted', 'confirmedAt'])
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!row?.confirmedAt) return null;
  const given = normaliseCode(code);
  if (/^\d+$/.test(given)) {
    const step = matchingStep(decryptSecret(row.secretEncrypted, key), given);
    return step !== null && (await useStep(db, userId, step)) ? 'totp' : null;
  }
  if (!/^[a-z2-7]{10}$/.test(given)) return null;
  const used = await db
    .updateTable('userRecoveryCode')
    .set({ usedAt: clock.now() })
    .where('userId', '=', userId)
    .where('codeHash', '=', recoveryCodeHash(given, key))
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1 ? 'recovery' : null;
}

/** New recovery codes (the old ones stop working): answered once, only their hashes kept. */
export async function issueRecoveryCodes(db: Db, key: string, userId: string): Promise<string[]> {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const text = [...bytes].map((b) => alphabet[b & 31]).join('');
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('userRecoveryCode').where('userId', '=', userId).execute();
    await trx
      .insertInto('userRecoveryCode')
      .values(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code, key) })))
      .execute();
    await trx
      .updateTable('userSecondFactor')
      .set({ recoveryCodesIssuedAt: clock.now() })
      .where('userId', '=', userId)
      .execute();
  });
  return codes;
}

/** Turns the second factor off: the authenticator and the recovery codes are forgotten. */
export async function removeSecondFactor(db: Db, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('userRecoveryCode').where('userId', '=', userId).execute();
    await trx.deleteFrom('userSecondFactor').where('userId', '=', userId).execute();
  });
}
