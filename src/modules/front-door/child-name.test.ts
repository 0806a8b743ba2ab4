import { describe, expect, it } from 'vitest';
import { childName } from './child-name.ts';

describe('a child’s name on a page', () => {
  it('is the name when known, else the authority’s id of a child known from its returns', () => {
    expect(childName({ givenName: 'Mabel', familyName: 'Quinton' })).toBe('Mabel Quinton');
    expect(childName({ givenName: '', familyName: '', laChildId: 'LA-701' })).toBe(
      'Child known by LA id LA-701',
    );
    expect(childName({ givenName: '', familyName: '', laChildId: null })).toBe('Child with no name recorded');
  });
});
