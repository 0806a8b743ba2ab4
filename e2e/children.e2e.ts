/** The data quality officer resolves likely duplicates; a coordinator finds a child with the candidates' weights. */
import { describe, expect, it } from 'vitest';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';

const hub = useHub();

describe('likely duplicate children, as the data quality officer', () => {
  it('opens a pair, is stopped without a choice, merges it, and undoes the merge', async () => {
    const { session, pages } = await signInAs(hub, 'data_quality');
    expect((await pages.duplicates.open()).status).toBe(200);
    const pairs = await pages.duplicates.pairs();
    // The demo seeds a second record for one child in a hundred: they are found at the start.
    expect(pairs.length).toBeGreaterThanOrEqual(2);
    expect(pairs[0]!.probability).toMatch(/%$/);

    const landing = await pages.duplicates.followLink(pairs[0]!.records);
    expect(landing.status).toBe(200);
    expect(await pages.duplicate.headingText()).toBe('Are these one child?');
    const name = await pages.duplicate.summaryValue('Name');
    const born = await pages.duplicate.summaryValue('Date of birth');
    const waterfall = await pages.duplicate.waterfallRows();
    expect(waterfall[0]![0]).toContain('Prior');
    expect(waterfall.map((r) => r[0])).toEqual(
      expect.arrayContaining(['Given name', 'Family name', 'Date of birth', 'Postcode and address']),
    );

    const refused = await pages.duplicate.merge(null, 'merge with no record chosen');
    expect(refused.status).toBe(400);
    expect(await pages.duplicate.errorSummaryLinks()).toEqual([
      { text: 'Choose the record to keep', href: '#keep' },
    ]);

    const merged = await pages.duplicate.merge('A', 'merge, keeping record A');
    expect(merged.status).toBe(200);
    expect(await pages.duplicate.notificationBanner.textContent()).toContain('The records were merged');

    const unmerged = await pages.duplicate.unmerge('Checked with the school: two children', 'unmerge');
    expect(unmerged.status).toBe(200);
    expect(await pages.duplicate.notificationBanner.textContent()).toContain('The merge was undone');

    // The second pair: not the same child, remembered.
    await pages.duplicates.open();
    const next = (await pages.duplicates.pairs())[0]!;
    await pages.duplicates.followLink(next.records);
    const notSame = await pages.duplicate.notTheSameChild(
      'Twins, confirmed with the health visitor',
      'not the same child',
    );
    expect(notSame.status).toBe(200);
    await pages.duplicates.open();
    const after = await pages.duplicates.searchAgain();
    expect(after.status).toBe(200);
    expect((await pages.duplicates.pairs()).map((p) => p.href)).not.toContain(next.href);
    expect(session.page.url()).toContain('/children/duplicates');

    // Searching for the first pair's child lists them, with the probability and why.
    const [day, month, year] = born.split(' ');
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    const dateOfBirth = `${year}-${String(months.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
    const [givenName, ...family] = name.split(' ');
    await pages.findChild.open();
    const found = await pages.findChild.search(
      { givenName: givenName!, familyName: family.join(' '), dateOfBirth },
      'find a child, with candidates',
    );
    expect(found.status).toBe(200);
    const titles = await pages.findChild.candidateTitles();
    // Both records of the pair are candidates (the one searched for and its duplicate), each with a percentage.
    expect(titles.length).toBeGreaterThanOrEqual(2);
    expect(titles.some((t) => t.startsWith(`${name}, born ${born}: `))).toBe(true);
    expect(titles.every((t) => /: \d+(\.\d)?%/.test(t))).toBe(true);
  });
});

describe('finding a child', () => {
  it('lists the candidates with their probabilities and why', async () => {
    const { pages } = await signInAs(hub, 'encompass_coordinator');
    await pages.duplicates.goto('/children/find', 'find a child');
    const empty = await pages.findChild.search(
      { givenName: '', familyName: '', dateOfBirth: '' },
      'find a child, bad input',
    );
    expect(empty.status).toBe(400);
    expect((await pages.findChild.errorSummaryLinks()).map((l) => l.href)).toEqual([
      '#givenName',
      '#familyName',
      '#dateOfBirth-day',
    ]);
    const result = await pages.findChild.search(
      { givenName: 'Nobody', familyName: 'Inparticular', dateOfBirth: '2015-01-01' },
      'find a child, no match',
    );
    expect(result.status).toBe(200);
  });
});

describe('reconciling an extract, as the GET SAFE coordinator', () => {
  it('uploads a list, keeps the guessed columns, and reads the four lists', async () => {
    const { pages } = await signInAs(hub, 'get_safe_coordinator');
    expect((await pages.reconcile.open()).status).toBe(200);
    const refused = await pages.reconcile.upload(
      '',
      { name: 'empty.csv', content: 'a,b\n1,2\n3\n' },
      'upload refused',
    );
    expect(refused.status).toBe(400);
    expect((await pages.reconcile.errorSummaryLinks()).map((l) => l.href)).toEqual(['#name']);
    const extract = [
      'Forename,Surname,DOB,Post Code,CL flag',
      'Zane,Quillfeather,2008-08-08,WR3 3AB,Y',
      'Ada,Nonesuch,2011-02-03,,N',
    ].join('\n');
    const columns = await pages.reconcile.upload(
      'Police county lines flags',
      { name: 'flags.csv', content: extract },
      'upload, then the columns',
    );
    expect(columns.status).toBe(200);
    expect(columns.path).toMatch(/\/children\/reconcile\/[0-9a-f-]{36}\/columns$/);
    const result = await pages.reconcile.reconcile('the four lists');
    expect(result.status).toBe(200);
    const counts = await pages.reconcile.counts();
    expect(counts['Only in their extract']).toBe('2');
    expect(Number(counts['Only in the child index']!.replace(/,/g, ''))).toBeGreaterThan(100);
  });
});
