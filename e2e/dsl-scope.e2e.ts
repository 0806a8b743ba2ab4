/** A DSL sees their own setting only; what they tried beyond it is in the audit log. */
import { describe, expect, it } from 'vitest';
import { demoEmail } from './support/accounts.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

describe('a designated safeguarding lead’s scope', () => {
  it('opens their own setting, not another, not the users list; the attempts are audited', async () => {
    const dsl = await signInAs(hub, 'dsl');

    const mine = await dsl.pages.setting.openMine();
    expect(mine.status).toBe(200);
    expect(mine.path).toMatch(/^\/registry\/settings\/\d+$/);
    const mySettingId = dsl.pages.setting.id;
    expect(await dsl.pages.setting.headingText()).not.toBe('');

    // Another setting that exists (the admin opens it below) is "not found" for the DSL.
    const otherId = mySettingId + 1;
    const other = await dsl.pages.setting.open(otherId);
    expect(other).toEqual({ status: 404, path: `/registry/settings/${otherId}` });
    expect(await dsl.pages.error.headingText()).toBe('Page not found');
    expect(await dsl.pages.error.isSignedIn()).toBe(true);

    const users = await dsl.pages.error.goto('/registry/users', 'users list, as a DSL');
    expect(users).toEqual({ status: 403, path: '/registry/users' });
    expect(await dsl.pages.error.headingText()).toBe('You do not have access to this page');
    expect(await dsl.pages.error.isSignedIn()).toBe(true);

    const admin = await signInAs(hub, 'partnership_admin');
    expect((await admin.pages.setting.open(otherId)).status, `setting ${otherId} exists`).toBe(200);

    await admin.pages.audit.open();
    const search = await admin.pages.audit.searchByUser(demoEmail('dsl'));
    expect(search.status).toBe(200);
    const entries = await admin.pages.audit.entries();
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.who))).toEqual(new Set([demoEmail('dsl')]));
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'Viewed',
        record: `setting ${otherId}`,
        outcome: 'not found (out of scope)',
        role: 'Designated safeguarding lead',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        record: 'page /registry/users',
        outcome: 'denied',
        role: 'Designated safeguarding lead',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'Viewed', record: `setting ${mySettingId}`, outcome: 'success' }),
    );
  });
});
