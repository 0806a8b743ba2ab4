import { describe, expect, it } from 'vitest';
import { CsvInputError, peopleFromCsv } from './csv-input.ts';

function problems(input: Uint8Array | string, mapping = {}): string {
  try {
    peopleFromCsv(input, mapping);
  } catch (error) {
    if (error instanceof CsvInputError) return error.message;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('people from a CSV extract', () => {
  it('uses standard columns as they are and maps others', () => {
    const csv =
      'Forename,family_name,DOB,postcode,house,street,ref\nAva,Smith,2015-03-07,WR1 1AB,12,Mill Lane,P1\nNoah,Khan,20140102,,3,High St,P2\n';
    const read = peopleFromCsv(csv, {
      map: { Forename: 'given_name', DOB: 'date_of_birth', house: 'address', street: 'address' },
      truth: 'ref',
    });
    expect(read.records).toEqual([
      {
        givenName: 'Ava',
        familyName: 'Smith',
        dateOfBirth: '2015-03-07',
        postcode: 'WR1 1AB',
        address: '12, Mill Lane',
      },
      {
        givenName: 'Noah',
        familyName: 'Khan',
        dateOfBirth: '20140102',
        postcode: null,
        address: '3, High St',
      },
    ]);
    expect(read.truth).toEqual(['P1', 'P2']);
    expect(read.rows).toEqual([2, 3]);
    expect(read.columns.address).toEqual(['house', 'street']);
  });

  it('reads a UTF-8 file with a byte-order mark and accented names', () => {
    const bytes = new TextEncoder().encode('\uFEFFgiven_name,family_name\nZoë,Brontë\n');
    expect(peopleFromCsv(bytes).records).toEqual([{ givenName: 'Zoë', familyName: 'Brontë' }]);
  });

  it('names the row and column of a malformed date, and reads nothing', () => {
    const csv =
      'given_name,family_name,date_of_birth\nAva,Smith,2015-03-07\nNoah,Khan,31/02/2014\nLeo,Hart,2014-2-3\n';
    const message = problems(csv);
    expect(message).toContain('Row 3, column “date_of_birth”: “31/02/2014” is not a date');
    expect(message).toContain('Row 4, column “date_of_birth”: “2014-2-3” is not a date');
  });

  it('keeps an impossible date (a typo?) with a warning: its parts still help to match', () => {
    const read = peopleFromCsv('given_name,family_name,date_of_birth\nAva,Smith,2015-02-30\n');
    expect(read.records[0]!.dateOfBirth).toBe('2015-02-30');
    expect(read.warnings).toEqual([
      {
        row: 2,
        column: 'date_of_birth',
        message: '“2015-02-30” is not a day of the calendar; it is compared part by part',
      },
    ]);
  });

  it('names the row and column of text that is not UTF-8', () => {
    const head = new TextEncoder().encode('given_name,family_name,postcode\nAva,Smith,WR1 1AB\nZo');
    const bytes = new Uint8Array([...head, 0xeb, ...new TextEncoder().encode(',Bronte,WR2 2AB\n')]); // 'ë' in Windows-1252
    expect(problems(bytes)).toBe(
      'Row 3, column “given_name”: is not UTF-8 text. Save the file as “CSV UTF-8” and try again',
    );
  });

  it('says which columns are missing, mapped wrongly, or named twice', () => {
    expect(problems('ref,dob\nP1,2015-01-01\n')).toContain('too few columns to match people on: found none');
    expect(problems('given_name,dob\nAva,2015-01-01\n')).toContain('found given_name');
    expect(problems('given_name,family_name\nAva,Smith\n', { map: { Surname: 'family_name' } })).toContain(
      'Row 1, column “Surname”: is not in the file',
    );
    expect(
      problems('given_name,family_name,dob\nAva,Smith,2015-01-01\n', { map: { dob: 'birthday' } }),
    ).toContain('cannot be mapped to “birthday”');
    expect(problems('given_name,family_name,id\nAva,Smith,1\n', { truth: 'person' })).toContain(
      'column “person”: is not in the file',
    );
    expect(problems('given_name,family_name,nhs_number\nAva,Smith,1\n', { truth: 'nhs_number' })).toContain(
      'cannot also be used for matching',
    );
  });

  it('refuses rows with the wrong number of columns', () => {
    expect(problems('given_name,family_name\nAva,Smith\nNoah\n')).toMatch(/^Row 3: cannot be read as CSV/);
  });
});
