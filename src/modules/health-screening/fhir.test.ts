/**
 * A FHIR R4 Bundle read into attendances: each Encounter with its Patient, the notes from the
 * narrative and the Conditions and Observations recorded against it; adults left out; each entry
 * that cannot be read reported by its index; a file that is not a Bundle refused whole.
 */
import { describe, expect, it } from 'vitest';
import { AttendanceFileError } from './attendance-file.ts';
import { looksLikeJson, narrativeText, readFhirBundle } from './fhir.ts';
import { fixtureBundle, validNhs } from './fixtures/fhir-fixture.ts';

const KACEY_NHS = validNhs('943476591');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('reading a FHIR R4 Bundle of A&E attendances', () => {
  it('reads each Encounter of a child with its Patient and notes; adults out; bad entries by index', () => {
    const rows = readFhirBundle(bytes(fixtureBundle(KACEY_NHS)));
    expect(rows.children.map((c) => c.attendanceRef)).toEqual(['FHIR-1', 'enc-5']);
    expect(rows.adults).toBe(1);
    const [kacey, tyler] = rows.children;
    expect(kacey).toMatchObject({
      row: 1,
      attendanceRef: 'FHIR-1',
      department: 'Royal ED',
      givenName: 'Kacey',
      familyName: 'Marlowe',
      dateOfBirth: '2010-06-14',
      ageYears: 16,
      nhsNumber: KACEY_NHS,
      postcode: 'WR5 1DT',
      ethnicity: 'White - British',
      presentingComplaint: 'Knife injury',
      notes:
        'Laceration to left forearm & hand.\nTriage note: Says it was a KNIFE. Denies any gang involvement.',
    });
    // 14:05 in British Summer Time.
    expect(kacey!.arrivedAt.toISOString()).toBe('2026-10-03T13:05:00.000Z');
    expect(tyler).toMatchObject({
      attendanceRef: 'enc-5',
      department: 'Royal ED minors',
      presentingComplaint: 'Injury to wrist',
      notes: 'Sprained wrist: Fell from trampoline.',
      postcode: 'WR2 4QN',
    });
    // No zone given: UK time (BST on 4 October).
    expect(tyler!.arrivedAt.toISOString()).toBe('2026-10-04T08:30:00.000Z');
    expect(rows.problems.map((p) => p.column)).toEqual([
      'Bundle.entry[5]: Encounter.period.start',
      'Bundle.entry[6]: Encounter.subject',
      'Bundle.entry[10]: Encounter',
      'Bundle.entry[12]',
    ]);
    expect(rows.problems[0]!.message).toContain('is not a date and time');
    expect(rows.problems[1]!.message).toBe('The patient Patient/nobody is not in the Bundle');
    expect(rows.problems[2]!.message).toMatch(/^period: /);
    expect(rows.problems[3]!.message).toMatch(/^The entry has no resource/);
    expect(rows.problems.every((p) => p.row === null)).toBe(true);
  });

  it('refuses whole a file that is not JSON, or JSON that is not a Bundle', () => {
    const refused = (s: string) => {
      try {
        readFhirBundle(bytes(s));
      } catch (error) {
        expect(error).toBeInstanceOf(AttendanceFileError);
        return (error as AttendanceFileError).problems;
      }
      throw new Error('not refused');
    };
    expect(refused('{ "resourceType": "Bundle", ')[0]!.message).toMatch(/^The file is not JSON/);
    expect(refused('{"resourceType":"Patient","id":"x"}')[0]!.message).toBe(
      'The file is not a FHIR Bundle (its resourceType is not "Bundle")',
    );
    expect(refused('{"resourceType":"Bundle"}')[0]!.message).toMatch(/type/);
    expect(refused('[1, 2]')[0]!.message).toBe('The file is not a FHIR Bundle (it is not a JSON object)');
    expect(refused('{"resourceType":"Bundle","type":"collection","entry":{}}')[0]!.message).toMatch(/entry/);
  });

  it('takes an empty Bundle as no attendances', () => {
    expect(readFhirBundle(bytes('{"resourceType":"Bundle","type":"collection"}'))).toEqual({
      children: [],
      adults: 0,
      problems: [],
    });
  });

  it('tells JSON from CSV by the first character', () => {
    expect(looksLikeJson(bytes('\uFEFF \n {"resourceType":"Bundle"}'))).toBe(true);
    expect(looksLikeJson(bytes('Ref,Arrived\n'))).toBe(false);
    expect(looksLikeJson(bytes(''))).toBe(false);
  });

  it('turns a narrative into plain text', () => {
    expect(
      narrativeText('<div xmlns="http://www.w3.org/1999/xhtml"><p>A &lt;b&gt;</p><p>C&nbsp;D</p></div>'),
    ).toBe('A <b>\nC D');
  });
});
