/** Test fixtures of the children module: synthetic children nobody is looking for. */

const given = ['Noah', 'Isla', 'Leo', 'Freya', 'Arlo', 'Maya', 'Finn', 'Ruby', 'Theo', 'Ivy', 'Ezra', 'Rosa'];
const family = [
  'Ashdown',
  'Bexley',
  'Carrow',
  'Dunmore',
  'Elsworth',
  'Fairley',
  'Goring',
  'Hatherley',
  'Ilford',
  'Jessop',
];

/** `n` distinct children, none of them a duplicate of another, to surround the ones a test is about. */
export function fillerChildren(n: number) {
  return Array.from({ length: n }, (_, k) => ({
    givenName: given[k % given.length]!,
    familyName: family[Math.floor(k / given.length) % family.length]!,
    dateOfBirth: `20${10 + (k % 9)}-0${1 + (k % 9)}-${10 + (k % 18)}`,
    sex: (k % 2 ? 'female' : 'male') as 'female' | 'male',
    postcode: `WR${1 + (k % 14)} ${1 + (k % 9)}BD`,
    address: `${k + 1} Orchard Way`,
    nhsNumber: null,
  }));
}
