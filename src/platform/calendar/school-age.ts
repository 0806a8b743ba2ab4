// Compulsory school age (Education Act 1996, s. 8): a child reaches it on the first "prescribed
// day" (31 March, 31 August or 31 December) on or after their fifth birthday, so in practice from
// the term after they turn five.
import { assertCivilDate } from './civil-date.ts';

const PRESCRIBED_DAYS = ['03-31', '08-31', '12-31'] as const;

/** The fifth birthday; a 29 February child turns five on 1 March in a common year. */
function fifthBirthday(dateOfBirth: string): string {
  const year = Number(dateOfBirth.slice(0, 4)) + 5;
  const monthDay = dateOfBirth.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '03-01' : monthDay}`;
}

/** The day a child born on `dateOfBirth` reaches compulsory school age. */
export function compulsorySchoolAgeFrom(dateOfBirth: string): string {
  assertCivilDate(dateOfBirth, 'date of birth');
  const birthday = fifthBirthday(dateOfBirth);
  const year = birthday.slice(0, 4);
  const prescribed = PRESCRIBED_DAYS.map((day) => `${year}-${day}`).find((day) => day >= birthday);
  // Every fifth birthday is on or before 31 December of its year, so one always matches.
  return prescribed as string;
}

/** True when the child is of compulsory school age (or older) on the date. */
export function isOfCompulsorySchoolAge(dateOfBirth: string, on: string): boolean {
  assertCivilDate(on);
  return on >= compulsorySchoolAgeFrom(dateOfBirth);
}

/** Whole years from the date of birth to `on` (a 29 February child has a birthday on 1 March in a common year). */
export function ageInYears(dateOfBirth: string, on: string): number {
  assertCivilDate(dateOfBirth, 'date of birth');
  assertCivilDate(on);
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const [birthMonth, birthDay] = bm === 2 && bd === 29 && !leap ? [3, 1] : [bm, bd];
  return y - by - (m < birthMonth || (m === birthMonth && d < birthDay) ? 1 : 0);
}
