/**
 * How a child is named on a page. A child known only from the local authority's returns (an
 * imported record: Annex A and the CIN census carry no names) is shown by the authority's id
 * instead of an empty name.
 */
export function childName(child: {
  givenName: string;
  familyName: string;
  laChildId?: string | null;
}): string {
  const name = `${child.givenName} ${child.familyName}`.trim();
  if (name) return name;
  return child.laChildId ? `Child known by LA id ${child.laChildId}` : 'Child with no name recorded';
}
