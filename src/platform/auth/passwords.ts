/** Password hashing with argon2id (OWASP's first choice), via a maintained native binding. */
import { hash, verify } from '@node-rs/argon2';
import { createHashLimiter, defaultHashConcurrency } from './hash-limiter.ts';

// Algorithm.Argon2id is a const enum, which isolatedModules cannot inline.
const ARGON2ID = 2;

/**
 * OWASP's password storage cheat sheet's minimum for argon2id: 19 MiB, 2 passes, 1 lane (about
 * 14 ms of CPU time here). Its other equal choice, 46 MiB with 1 pass, costs as much CPU time and
 * twice the memory, so there is nothing to gain from it. A hash records its own parameters, so
 * hashes made with others still verify.
 */
export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Every hash and check in this process goes through one queue (hash-limiter.ts says why). */
export const passwordHashing = createHashLimiter(defaultHashConcurrency());

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password, { algorithm: ARGON2ID, ...ARGON2_PARAMETERS }));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await passwordHashing.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows, verified when the email is unknown so timing tells nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

export const PASSWORD_RULES = { minLength: 12, maxLength: 200 } as const;
