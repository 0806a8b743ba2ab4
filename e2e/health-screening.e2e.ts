/**
 * WREN end to end, as the hospital safeguarding nurse of the demo partnership: a child the
 * screening flagged before (the demo year) comes back to A&E with a knife injury; the nurse
 * imports the department's file (the team's column mapping remembered, an unreadable row
 * reported by its number, an adult left out), the new attendance is flagged and matched to the
 * child in the index with its probability, and its page shows the cross-reference (the earlier
 * flagged attendance), and a knife injury of a child with a current GET SAFE flag (found in the
 * coordinator’s export of the current flags) shows the flag to the nurse.
 * She records a GET SAFE concern with her rationale and gets the pre-filled link. The key word
 * list, the profile (also as an executive) and the bad inputs are visited too: axe checks every
 * page landed on.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BasePage, type Landing } from './pages/base-page.ts';
import { useHub } from './support/hub.ts';
import { signInAs } from './support/people.ts';
import { fixtureBundle, validNhs } from '../src/modules/health-screening/fixtures/fhir-fixture.ts';

const hub = useHub();
const RUN = randomBytes(3).toString('hex').toUpperCase();

class WrenPages extends BasePage {
  /** Uploads a file on the import page and lands on the next page (the columns, or the errors). */
  upload(file: { name: string; content: string; mimeType?: string } | null, label: string): Promise<Landing> {
    return this.navigate(async () => {
      if (file)
        await this.page.locator('#file').setInputFiles({
          name: file.name,
          mimeType: file.mimeType ?? 'text/csv',
          buffer: Buffer.from(file.content),
        });
      await this.main.getByRole('button', { name: 'Upload', exact: true }).click();
    }, label);
  }

  submit(button: string, label: string): Promise<Landing> {
    return this.navigate(() => this.main.getByRole('button', { name: button }).click(), label);
  }

  async listValue(list: string, key: string): Promise<string> {
    const row = this.page.locator(`#${list} .govuk-summary-list__row`).filter({
      has: this.page.locator('.govuk-summary-list__key', { hasText: key }),
    });
    return ((await row.locator('.govuk-summary-list__value').first().textContent()) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  }

  async text(selector: string): Promise<string> {
    return ((await this.page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }
}

const MONTHS = [
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
/** '14 June 2010' → '2010-06-14'. */
function isoDate(long: string): string {
  const [day, month, year] = long.split(' ');
  return `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

describe('WREN, as the hospital safeguarding nurse', () => {
  it('an A&E import flags a knife injury of a child known to the index, and the nurse sees the cross-reference', async () => {
    const { session } = await signInAs(hub, 'hospital_safeguarding_nurse');
    const wren = new WrenPages(session);

    // A child from the demo year's flagged attendances, matched in the index.
    expect((await wren.goto('/health-screening', 'the triage queue')).status).toBe(200);
    const matchedRow = session.page
      .locator('#queue tbody tr')
      .filter({ hasNotText: 'Not found in the child index' })
      .filter({ hasNotText: 'to check' })
      .first();
    const link = matchedRow.getByRole('link').first();
    expect(await link.count()).toBe(1);
    await wren.followLink((await link.textContent())!.trim());
    const childName = await wren.listValue('child', 'Child');
    const born = isoDate(await wren.listValue('child', 'Date of birth'));
    const nhs = await wren.listValue('child', 'NHS number');
    const [given, ...family] = childName.split(' ');

    // The department's file: the knife injury, an adult, and a row with no arrival time.
    const header =
      'AttendanceID,ArrivalDateTime,Site,Forename,Surname,DOB,NHSNo,PostCode,EthnicGroup,PresentingComplaint,ClinicalNotes';
    const arrived = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const file = [
      header,
      `E2E-${RUN}-1,${arrived},Worcestershire Royal Hospital ED,${given},${family.join(' ')},${born},${/^\d{10}$/.test(nhs) ? nhs : ''},,White British,Knife injury,"Stab wound to left forearm, says a knife was pulled on him near the station. Denies gang involvement."`,
      `E2E-${RUN}-2,${arrived},Worcestershire Royal Hospital ED,Adam,Grown,1970-01-01,,,White British,Chest pain,Chest pain at rest`,
      `E2E-${RUN}-3,yesterday,Worcestershire Royal Hospital ED,Ava,Nobody,2014-04-04,,,,Rash,Rash`,
    ].join('\n');

    expect((await wren.goto('/health-screening/imports', 'import page')).status).toBe(200);
    const noFile = await wren.upload(null, 'upload without a file');
    expect(noFile.status).toBe(400);
    expect(await wren.text('.govuk-error-summary')).toContain(
      'Select a CSV file or a FHIR Bundle of A&E attendances',
    );

    const columns = await wren.upload({ name: `ed-${RUN}.csv`, content: file }, 'the columns page');
    expect(columns.status).toBe(200);
    expect(columns.path).toMatch(/\/health-screening\/imports\/\d+\/columns$/);
    // The team's mapping from its last file (the demo year's) is filled in.
    expect(await wren.main.textContent()).toContain('Your team’s choices from the last import are filled in');
    expect(await session.page.locator('#notes').inputValue()).toBe('ClinicalNotes');
    const summary = await wren.submit('Import and screen', 'the import summary');
    expect(summary.status).toBe(200);
    expect(await wren.listValue('summary', 'Attendances of children imported')).toBe('1');
    expect(await wren.listValue('summary', 'Flagged by the key words')).toBe('1');
    expect(await wren.listValue('summary', 'Adults (18 or over on the day), not kept')).toBe('1');
    expect(await wren.listValue('summary', 'Rows that could not be read')).toBe('1');
    const problem = await wren.text('#problems ~ .app-table-scroll table tbody tr');
    expect(problem).toContain('4');
    expect(problem).toContain('is not a date and time');

    // The flagged attendance, with the index's facts about the child.
    await wren.goto('/health-screening?page=1', 'the triage queue again');
    let page = 1;
    while ((await session.page.getByRole('link', { name: `E2E-${RUN}-1`, exact: true }).count()) === 0) {
      page++;
      const landing = await wren.goto(`/health-screening?page=${page}`, `the triage queue, page ${page}`);
      expect(landing.status).toBe(200);
      expect(page).toBeLessThan(400);
    }
    await wren.followLink(`E2E-${RUN}-1`);
    expect(await wren.text('#words')).toContain('knife');
    expect(await wren.text('#words')).toContain('gang (negated: “denies”)');
    expect(await wren.listValue('child', 'Child')).toBe(childName);
    expect(await wren.listValue('child', 'Probability it is this child')).toMatch(/^\d+(\.\d)?%/);
    const facts = await wren.text('#facts');
    expect(facts).toContain('Earlier flagged A&E attendance');

    const refused = await wren.submit('Record the decision', 'a decision without an outcome');
    expect(refused.status).toBe(400);
    expect(await wren.text('.govuk-error-summary')).toContain('Select what happens next');
    await session.page.getByLabel('Raise a GET SAFE concern').check();
    await session.page
      .locator('#rationale')
      .fill('Knife injury of a child already flagged at A&E: exploitation concern.');
    const decided = await wren.submit('Record the decision', 'the decision recorded');
    expect(decided.status).toBe(200);
    expect(await wren.listValue('outcome', 'Outcome')).toBe('Raise a GET SAFE concern');
    const getSafe = await session.page.locator('#get-safe-link').getAttribute('href');
    expect(getSafe).toContain('/exploitation/concerns/new?from=wren');
    expect(getSafe).toContain('types=serious_violence');

    expect((await wren.goto('/health-screening/keywords', 'the key words')).status).toBe(200);
    expect(await wren.text('#current-version')).toBe('version 2');
    expect((await wren.followLink('What it changed (version 2)')).status).toBe(200);
    expect((await wren.goto('/health-screening/profile', 'the monthly profile')).status).toBe(200);
    expect(await session.page.locator('#profile tbody tr').count()).toBeGreaterThanOrEqual(12);
  });

  it('a knife injury of a child with a GET SAFE flag shows the flag to the nurse', async () => {
    // A child with a current GET SAFE flag, from the coordinator's export of the current flags.
    const coordinator = await signInAs(hub, 'get_safe_coordinator');
    const csv = await (
      await coordinator.session.page.request.get(`${hub.baseUrl}/exploitation/flags.csv`)
    ).text();
    const [head, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const columns = head!.split(',');
    const today = new Date().toISOString().slice(0, 10);
    const flagged = lines
      .map((line) => Object.fromEntries(line.split(',').map((cell, k) => [columns[k], cell])))
      .find(
        (r) =>
          /^\d{10}$/.test(r.nhs_number ?? '') &&
          r.date_of_birth! > `${Number(today.slice(0, 4)) - 17}${today.slice(4)}`,
      );
    expect(flagged, 'the demo has a flagged child under 17 with an NHS number').toBeDefined();

    const { session } = await signInAs(hub, 'hospital_safeguarding_nurse');
    const wren = new WrenPages(session);
    const header =
      'AttendanceID,ArrivalDateTime,Site,Forename,Surname,DOB,NHSNo,PostCode,EthnicGroup,PresentingComplaint,ClinicalNotes';
    const ref = `E2E-${RUN}-GS`;
    const file = [
      header,
      `${ref},${new Date(Date.now() - 3_600_000).toISOString()},Alexandra Hospital ED,${flagged!.given_name},${flagged!.family_name},${flagged!.date_of_birth},${flagged!.nhs_number},${flagged!.postcode},White British,Knife injury,Knife wound to the hand. Came in with two older boys who left.`,
    ].join('\n');
    await wren.goto('/health-screening/imports', 'import page');
    await wren.upload({ name: `gs-${RUN}.csv`, content: file }, 'the columns page');
    const summary = await wren.submit('Import and screen', 'the import summary');
    expect(summary.status).toBe(200);
    expect(await wren.listValue('summary', 'Flagged by the key words')).toBe('1');
    const id = /imports\/(\d+)/.exec(summary.path)![1];
    expect(id).toBeDefined();
    // The attendance, through the queue's last page where it sits (the queue is oldest first).
    await wren.goto('/health-screening', 'the triage queue');
    let page = 1;
    while ((await session.page.getByRole('link', { name: ref, exact: true }).count()) === 0) {
      page++;
      await wren.goto(`/health-screening?page=${page}`, `the triage queue, page ${page}`);
      expect(page).toBeLessThan(400);
    }
    const row = session.page.locator('#queue tbody tr').filter({ hasText: ref });
    expect(await row.textContent()).toContain('GET SAFE flag');
    await wren.followLink(ref);
    expect(await wren.listValue('child', 'How they were matched')).toBe('Same NHS number and date of birth');
    expect(await wren.listValue('child', 'Probability it is this child')).toBe('100%');
    const facts = await wren.text('#facts');
    expect(facts).toContain('GET SAFE flag');
    expect(facts).toContain(flagged!.flag_type!);
  });

  it('a FHIR Bundle is imported at once, its bad entries listed by their place in the Bundle; a file that is not a Bundle keeps nothing', async () => {
    const { session } = await signInAs(hub, 'hospital_safeguarding_nurse');
    const wren = new WrenPages(session);
    expect((await wren.goto('/health-screening/imports', 'import page')).status).toBe(200);
    // The tests' hand-built Bundle (made-up patients), its one NHS number a valid made-up one.
    const bundle = fixtureBundle(validNhs('999000001'));
    const summary = await wren.upload(
      { name: `october-${RUN}.fhir.json`, content: bundle, mimeType: 'application/fhir+json' },
      'the FHIR import summary',
    );
    expect(summary.status).toBe(200);
    expect(summary.path).toMatch(/^\/health-screening\/imports\/\d+$/);
    const text = (await wren.main.textContent()) ?? '';
    for (const entry of [5, 6, 10, 12]) expect(text).toContain(`Bundle.entry[${entry}]`);
    expect(text).toContain('The patient Patient/nobody is not in the Bundle');

    expect((await wren.goto('/health-screening/imports', 'import page again')).status).toBe(200);
    const refused = await wren.upload(
      {
        name: `patient-${RUN}.json`,
        content: '{"resourceType":"Patient","id":"x"}',
        mimeType: 'application/json',
      },
      'a file that is not a Bundle',
    );
    expect(refused.status).toBe(400);
    expect(await wren.text('.govuk-error-summary')).toContain(
      'The file cannot be read: nothing was imported',
    );
  });

  it('the executive sees the profile, and no attendance', async () => {
    const { session } = await signInAs(hub, 'executive');
    const wren = new WrenPages(session);
    expect((await wren.goto('/health-screening/profile', 'the profile, as an executive')).status).toBe(200);
    expect(await session.page.locator('svg[role="img"]').count()).toBe(1);
    const denied = await session.page.goto('/health-screening');
    expect(denied?.status()).toBe(403);
  });
});
