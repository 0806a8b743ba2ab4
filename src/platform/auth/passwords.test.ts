import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { defaultHashConcurrency } from './hash-limiter.ts';
import {
  ARGON2_PARAMETERS,
  decoyPasswordHash,
  hashPassword,
  passwordHashing,
  verifyPassword,
} from './passwords.ts';

const PASSWORD = 'correct horse battery staple';

describe('password hashing', () => {
  it('hashes with argon2id at OWASP’s minimum (19 MiB, 2 passes, 1 lane) and checks the password', async () => {
    expect(ARGON2_PARAMETERS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, PASSWORD)).toBe(true);
    expect(await verifyPassword(stored, `${PASSWORD}!`)).toBe(false);
  });

  it('still verifies hashes made with other parameters (older or stronger ones)', async () => {
    for (const options of [
      { algorithm: 2, memoryCost: 47_104, timeCost: 1, parallelism: 1 }, // OWASP's other choice
      { algorithm: 2, memoryCost: 65_536, timeCost: 3, parallelism: 4 }, // the library's old default
      { algorithm: 1, memoryCost: 8_192, timeCost: 3, parallelism: 1 }, // argon2i
    ]) {
      const stored = await hash(PASSWORD, options);
      expect(await verifyPassword(stored, PASSWORD)).toBe(true);
      expect(await verifyPassword(stored, 'not the password')).toBe(false);
    }
  });

  it('answers false, not an error, for a stored value that is not a hash', async () => {
    expect(await verifyPassword('', PASSWORD)).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', PASSWORD)).toBe(false);
    expect(passwordHashing.running).toBe(0);
  });

  it('checks a burst of passwords through the limiter: never more at once than its limit', async () => {
    const stored = await hashPassword(PASSWORD);
    const decoy = await decoyPasswordHash();
    expect(passwordHashing.running + passwordHashing.waiting).toBe(0); // nothing else is hashing
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, passwordHashing.running);
    }, 1);
    const checks = Array.from({ length: 12 }, (_, k) =>
      k % 3 === 0 ? verifyPassword(decoy, PASSWORD) : verifyPassword(stored, k % 2 ? PASSWORD : 'wrong'),
    );
    // The burst is queued as soon as it is asked for: the limit's worth run, the rest wait.
    const running = passwordHashing.running;
    expect(running).toBe(Math.min(12, defaultHashConcurrency()));
    expect(passwordHashing.waiting).toBe(12 - running);
    const answers = await Promise.all(checks);
    clearInterval(watch);
    expect(answers).toEqual(Array.from({ length: 12 }, (_, k) => (k % 3 === 0 ? false : k % 2 === 1)));
    expect(most).toBeLessThanOrEqual(running);
    expect(passwordHashing.running).toBe(0);
    expect(passwordHashing.waiting).toBe(0);
  });
});
