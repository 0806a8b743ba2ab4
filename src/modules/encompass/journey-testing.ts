/**
 * For tests: walks the officer's incident journey (the incident, each child, then confirm) with
 * a form written flat, as the one-page form took it (child0_givenName …, dates as YYYY-MM-DD).
 * Returns the first answer that is not a step forward (a page with errors), or the confirmation's.
 */
import type { TestClient } from '../../platform/testing/app.ts';
import { CHILD_FIELDS, INCIDENT_FIELDS } from './pages/journey.ts';

/** A YYYY-MM-DD value as the date input's three boxes; anything else goes in the day box as typed. */
export function asDateInput(name: string, value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return { [`${name}-day`]: value };
  return {
    [`${name}-day`]: String(Number(m[3])),
    [`${name}-month`]: String(Number(m[2])),
    [`${name}-year`]: m[1]!,
  };
}

export function journeySteps(form: Record<string, string>) {
  const incident: Record<string, string> = {
    ...asDateInput('occurredDate', form.occurredDate),
    ...asDateInput('attendedDate', form.attendedDate),
  };
  for (const field of INCIDENT_FIELDS) if (form[field] !== undefined) incident[field] = form[field]!;
  const children: Record<string, string>[] = [];
  for (let i = 0; i < 10; i++) {
    const get = (name: string) => form[`child${i}_${name}`];
    if (!get('givenName') && !get('familyName') && !get('dateOfBirth')) continue;
    const child: Record<string, string> = asDateInput('dateOfBirth', get('dateOfBirth'));
    for (const field of CHILD_FIELDS) if (get(field) !== undefined) child[field] = get(field)!;
    children.push(child);
  }
  return { incident, children };
}

export async function recordThroughJourney(client: TestClient, form: Record<string, string>) {
  await client.get('/encompass/incidents/new');
  await client.post('/encompass/incidents/new/discard', {});
  const { incident, children } = journeySteps(form);
  let response = await client.post('/encompass/incidents/new', incident);
  if (response.statusCode !== 303) return response;
  for (const [i, child] of children.entries()) {
    response = await client.post(`/encompass/incidents/new/children/${i + 1}`, child);
    if (response.statusCode !== 303) return response;
  }
  return client.post('/encompass/incidents', {});
}
