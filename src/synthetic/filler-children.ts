/** Synthetic children nobody is looking for, to surround the ones a test is about (tests of any module). */

const given = ['Noah', 'Isla', 'Leo', 'Freya', 'Arlo', 'Maya', 'Finn', 'Ruby', 'Theo', 'Ivy', 'Ezra', 'Rosa'];
const starts = ['Ash', 'Bex', 'Car', 'Dun', 'Els', 'Fair', 'Gor', 'Hath', 'Ilf', 'Jess'];
const ends = ['down', 'ley', 'row', 'more', 'worth', 'ton', 'ing', 'field', 'ord', 'op'];

/** `n` distinct children, none of them a duplicate of another, to surround the ones a test is about. */
export function fillerChildren(n: number) {
  return Array.from({ length: n }, (_, k) => ({
    givenName: given[k % given.length]!,
    // Every family name its own, and dates of birth spread out: nobody here is anybody else.
    familyName: `${starts[k % 10]}${ends[Math.floor(k / 10) % 10]}`,
    dateOfBirth: `${2009 + Math.floor(k / 336)}-${String(1 + (Math.floor(k / 28) % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
    sex: (k % 2 ? 'female' : 'male') as 'female' | 'male',
    postcode: `WR${1 + (k % 14)} ${1 + (k % 9)}BD`,
    address: `${k + 1} Orchard Way`,
    nhsNumber: null,
  }));
}
