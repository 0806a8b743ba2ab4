/** The partnership business unit adds a setting and its DSL; the settings list filters and pages. */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ROLES } from './support/accounts.ts';
import { useHub } from './support/hub.ts';
import { signIn, signInAs } from './support/people.ts';

const hub = useHub();

describe('the registry, as the partnership admin', () => {
  it('adds a setting (after fixing its errors), then a DSL for it, who finds their setting', async () => {
    const { session, pages } = await signInAs(hub, 'partnership_admin');

    await pages.settings.open();
    const form = await pages.settings.addSetting();
    expect(form).toEqual({ status: 200, path: '/registry/settings/new' });
    expect(await pages.settingForm.headingText()).toBe('Add a setting');

    // Empty: every required field is named in the error summary, each linking to its field.
    await pages.settingForm.fill({ schoolDayStartsAt: '' });
    const empty = await pages.settingForm.save('add a setting form, submitted empty');
    expect(empty).toEqual({ status: 400, path: '/registry/settings' });
    expect(await pages.settingForm.errorSummaryTitle()).toBe('There is a problem');
    const emptyLinks = await pages.settingForm.errorSummaryLinks();
    expect(emptyLinks.map((l) => l.href)).toEqual(
      expect.arrayContaining([
        '#urn',
        '#name',
        '#phase',
        '#districtCode',
        '#schoolDayStartsAt',
        '#safeguardingEmail',
      ]),
    );
    for (const link of emptyLinks) {
      expect(
        await session.page.locator(link.href).count(),
        `the field ${link.href} the error summary links to`,
      ).toBe(1);
    }
    expect(await session.page.title()).toMatch(/^Error: Add a setting/);

    // A bad URN: its own message, beside the field and in the summary; the value is kept.
    await pages.settingForm.fill({ urn: '12AB' });
    const badUrn = await pages.settingForm.save('add a setting form, with a bad URN');
    expect(badUrn.status).toBe(400);
    expect(await pages.settingForm.errorSummaryLinks()).toContainEqual({
      text: 'URN must be 6 digits, like 116234',
      href: '#urn',
    });
    expect(await pages.settingForm.fieldError('urn')).toBe('URN must be 6 digits, like 116234');
    expect(await session.page.locator('#urn').inputValue()).toBe('12AB');
    // The summary's link takes the keyboard to the field.
    await pages.settingForm.errorSummary
      .getByRole('link', { name: 'URN must be 6 digits, like 116234' })
      .click();
    await expect.poll(() => session.page.evaluate(() => document.activeElement?.id)).toBe('urn');

    // Correct, with a URN no seeded setting has (another one if it clashes).
    let urn = '';
    let name = '';
    let district = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      urn = String(randomInt(900_000, 1_000_000));
      name = `Larkspur Lane Primary School ${urn}`;
      await pages.settingForm.fill({
        urn,
        name,
        phase: 'Primary',
        district: { index: 0 },
        schoolDayStartsAt: '08:40',
        safeguardingEmail: `safeguarding.${urn}@larkspur-lane.example`,
      });
      district = await pages.settingForm.selectedDistrict();
      const saved = await pages.settingForm.save('the new setting’s page');
      if (saved.status !== 400 || !(await pages.settingForm.fieldError('urn'))?.includes('already exists'))
        break;
    }
    expect(pages.setting.path).toMatch(/^\/registry\/settings\/\d+\?created=1$/);
    expect(session.documentStatus).toBe(200);
    await expect.poll(() => pages.setting.notificationBanner.textContent()).toContain('Setting added');
    expect(await pages.setting.headingText()).toBe(name);
    expect(await pages.setting.urn()).toBe(urn);
    expect(await pages.setting.summaryValue('Phase')).toBe('Primary');
    expect(await pages.setting.summaryValue('District')).toBe(district);
    expect(await pages.setting.summaryValue('School day starts')).toBe('08:40');
    // Operation Encompass enrolment is not the registry's: the admin neither sets nor sees it here.
    expect(await pages.setting.main.getByText('Operation Encompass').count()).toBe(0);
    const settingId = pages.setting.id;

    // The Operation Encompass coordinator finds the new setting's enrolment from its page, and
    // records its training and its joining there.
    const coordinator = await signInAs(hub, 'encompass_coordinator');
    await coordinator.pages.setting.open(settingId);
    const enrolment = await coordinator.pages.setting.followLink(
      /^Its enrolment in Operation Encompass/,
      new RegExp(`/encompass/enrolment/${settingId}$`),
    );
    expect(enrolment).toEqual({ status: 200, path: `/encompass/enrolment/${settingId}` });
    expect(await coordinator.pages.enrolment.status()).toBe('Not joined');
    const training = await coordinator.pages.enrolment.moveOn(
      '2025-06-02',
      'Record that training has started',
    );
    expect(training).toEqual({ status: 200, path: `/encompass/enrolment/${settingId}?moved=1` });
    const joined = await coordinator.pages.enrolment.moveOn('2025-09-03', 'Record that it has joined');
    expect(joined).toEqual({ status: 200, path: `/encompass/enrolment/${settingId}?moved=1` });
    expect(await coordinator.pages.enrolment.status()).toBe('Joined');
    expect(await coordinator.pages.enrolment.summaryValue('Joined')).toBe('3 September 2025');
    await coordinator.pages.enrolment.signOut();

    // A DSL for the new setting.
    await pages.users.open();
    const userForm = await pages.users.addUser();
    expect(userForm.status).toBe(200);
    const email = `key.adult.${urn}@larkspur-lane.example`;
    const password = `correct horse battery ${urn}`;
    const dsl = {
      givenName: 'Morwenna',
      familyName: `Keyadult-${urn}`,
      email,
      role: ROLES.dsl.label,
      settingUrn: urn,
    };

    await pages.userForm.fill({ ...dsl, password: 'too-short' });
    const short = await pages.userForm.add();
    expect(short).toEqual({ status: 400, path: '/registry/users' });
    expect(await pages.userForm.errorSummaryLinks()).toEqual([
      { text: 'Password must be at least 12 characters', href: '#password' },
    ]);

    await pages.userForm.fill({ ...dsl, password });
    const added = await pages.userForm.add();
    expect(added).toEqual({ status: 200, path: '/registry/users?created=1' });
    await expect.poll(() => pages.users.notificationBanner.textContent()).toContain('User added');
    expect(await pages.users.users()).toContainEqual({
      name: `Morwenna Keyadult-${urn}`,
      email,
      role: ROLES.dsl.label,
      worksIn: name,
      status: 'Active',
    });
    await pages.users.signOut();

    // The new DSL signs in, and "Your setting" is the new setting.
    const newDsl = await signIn(hub, email, password);
    expect(await newDsl.pages.start.headingText()).toContain(ROLES.dsl.label);
    expect(await newDsl.pages.start.taskNames()).toContain('Your setting');
    const theirs = await newDsl.pages.start.openTask('Your setting');
    expect(theirs).toEqual({ status: 200, path: `/registry/settings/${settingId}` });
    expect(await newDsl.pages.setting.headingText()).toBe(name);
    expect(await newDsl.pages.setting.urn()).toBe(urn);
    expect(await newDsl.pages.setting.main.getByText('Change the setting’s details').count()).toBe(0);
  });

  it('filters the settings list by phase and district, and pages through it', async () => {
    const { pages } = await signInAs(hub, 'partnership_admin');
    const list = pages.settings;

    expect((await list.open()).status).toBe(200);
    const total = await list.count();
    expect(total).toBeGreaterThan(50);
    const firstPage = await list.settings();
    expect(firstPage).toHaveLength(50);
    expect(await list.pageOf()).toEqual({ page: 1, pages: Math.ceil(total / 50) });
    expect(await list.previousPageLink.count()).toBe(0);
    expect(await list.nextPageLink.getAttribute('href')).toBe('?page=2');

    const byPhase = await list.filter({ phase: 'Primary' });
    expect(byPhase.status).toBe(200);
    expect(byPhase.path).toContain('phase=primary');
    const primaries = await list.count();
    expect(primaries).toBeGreaterThan(0);
    expect(primaries).toBeLessThan(total);
    expect(new Set((await list.settings()).map((s) => s.phase))).toEqual(new Set(['Primary']));
    if ((await list.pageOf()).pages > 1)
      expect(await list.nextPageLink.getAttribute('href')).toContain('phase=primary');

    const [district] = await list.filterOptions('district');
    expect(district, 'a district to filter by').toBeDefined();
    const byDistrict = await list.filter({ district: district!.label });
    expect(byDistrict.path).toContain('phase=primary');
    expect(byDistrict.path).toContain(`district=${encodeURIComponent(district!.value)}`);
    const primariesInDistrict = await list.count();
    expect(primariesInDistrict).toBeGreaterThan(0);
    expect(primariesInDistrict).toBeLessThan(primaries);
    const rows = await list.settings();
    expect(new Set(rows.map((s) => s.phase))).toEqual(new Set(['Primary']));
    expect(new Set(rows.map((s) => s.district))).toEqual(new Set([district!.label]));

    // Back to every setting, and on to the second page.
    await list.open();
    expect(await list.count()).toBe(total);
    const second = await list.nextPage();
    expect(second).toEqual({ status: 200, path: '/registry/settings?page=2' });
    expect((await list.pageOf()).page).toBe(2);
    expect(await list.previousPageLink.getAttribute('href')).toBe('?page=1');
    const secondPage = await list.settings();
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.map((s) => s.id)).not.toContain(firstPage[0]!.id);
  });

  it('records a setting’s Key Adult and an INSET day, and removes them', async () => {
    const { pages } = await signInAs(hub, 'partnership_admin');
    // A demo setting in the middle of the list, so the other tests' settings are left alone.
    const opened = await pages.setting.open(42);
    expect(opened.status).toBe(200);
    const settingPath = pages.setting.path;

    await pages.setting.followLink('Add a Key Adult', /key-adults\/new$/);
    await pages.keyAdultForm.fill({
      role: 'Deputy designated safeguarding lead',
      givenName: 'Tamsin',
      familyName: 'Deputyperson',
      email: 'not an email',
    });
    const refused = await pages.keyAdultForm.add('add a Key Adult, with a bad email');
    expect(refused.status).toBe(400);
    expect(await pages.keyAdultForm.fieldError('email')).toContain('correct format');
    await pages.keyAdultForm.fill({
      role: 'Deputy designated safeguarding lead',
      givenName: 'Tamsin',
      familyName: 'Deputyperson',
      email: 'tamsin.deputyperson@setting.example',
    });
    const added = await pages.keyAdultForm.add();
    expect(added.path).toBe(`${settingPath}?saved=1`);
    expect(await pages.setting.main.textContent()).toContain('Tamsin Deputyperson');

    await pages.setting.followLink('Add a closure or INSET day', /closures\/new$/);
    await pages.closureForm.fill({ date: '2027-01-16', reason: 'INSET day (staff training)' });
    const weekend = await pages.closureForm.add('add a closure on a Saturday');
    expect(weekend.status).toBe(400);
    expect(await pages.closureForm.fieldError('date')).toContain('weekend');
    await pages.closureForm.fill({ date: '2027-01-15', reason: 'INSET day (staff training)' });
    await pages.closureForm.add();
    expect(await pages.setting.main.textContent()).toContain('15 January 2027 (INSET day)');

    const removeClosure = pages.setting.main.getByRole('button', {
      name: 'Remove the closure on 15 January 2027',
    });
    await pages.setting.checkAccessibility('before removing the closure');
    await removeClosure.click();
    await pages.setting.page.waitForURL(/saved=1$/);
    await pages.setting.checkAccessibility('after removing the closure');
    expect(await pages.setting.main.textContent()).not.toContain('15 January 2027 (INSET day)');
  });
});
