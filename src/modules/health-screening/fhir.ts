/**
 * Reading A&E attendances from a FHIR R4 Bundle (JSON) instead of a CSV file: each Encounter is an
 * attendance, its subject the Patient in the same Bundle, and its notes the Encounter's narrative
 * with the text of the Conditions and Observations recorded against it. The attendance then goes
 * through the CSV import's own row rules (`readRow`): children only, dates, NHS number, the same
 * limits. A file that is not a Bundle is refused whole; an entry that cannot be read is reported
 * by its index in the Bundle (`Bundle.entry[3]`) and the others go on.
 *
 * Where each detail is read (UK Core where it names one):
 *   attendance id         Encounter.identifier[0].value, else Encounter.id
 *   arrival time          Encounter.period.start (a dateTime with a time; a zone, else UK time)
 *   department            Encounter.serviceType.text, else location[0].location.display, else serviceProvider.display
 *   names                 Patient.name (use "official", else the first): given (joined), family
 *   date of birth         Patient.birthDate (a full date)
 *   NHS number            Patient.identifier with system https://fhir.nhs.uk/Id/nhs-number
 *   postcode              Patient.address (use "home", else the first).postalCode
 *   ethnicity             Patient's extension …EthnicCategory: valueCodeableConcept text, else coding display, else code
 *   presenting complaint  Encounter.reasonCode: text, else coding display (joined with "; ")
 *   notes                 Encounter.text.div (tags removed), then each Condition and Observation whose
 *                         encounter is this one: code text, valueString and note texts
 */
import { z } from 'zod';
import {
  type AttendanceField,
  AttendanceFileError,
  type ColumnMap,
  type FileProblem,
  type FileRows,
  readRow,
} from './attendance-file.ts';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

const text = z.string();
const reference = z.object({ reference: text.optional(), display: text.optional() });
const coding = z.object({ system: text.optional(), code: text.optional(), display: text.optional() });
const codeable = z.object({ text: text.optional(), coding: z.array(coding).optional() });
const identifier = z.object({ system: text.optional(), value: text.optional() });
const annotation = z.object({ text });

const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  id: text.optional(),
  identifier: z.array(identifier).optional(),
  name: z
    .array(
      z.object({
        use: text.optional(),
        family: text.optional(),
        given: z.array(text).optional(),
        text: text.optional(),
      }),
    )
    .optional(),
  birthDate: text.optional(),
  address: z.array(z.object({ use: text.optional(), postalCode: text.optional() })).optional(),
  extension: z.array(z.object({ url: text, valueCodeableConcept: codeable.optional() })).optional(),
});

const encounterSchema = z.object({
  resourceType: z.literal('Encounter'),
  id: text.optional(),
  identifier: z.array(identifier).optional(),
  subject: reference.optional(),
  period: z.object({ start: text.optional() }).optional(),
  serviceType: codeable.optional(),
  serviceProvider: reference.optional(),
  location: z.array(z.object({ location: reference })).optional(),
  reasonCode: z.array(codeable).optional(),
  text: z.object({ div: text }).optional(),
});

/** A Condition or an Observation: what it adds to its encounter's notes. */
const noteSchema = z.object({
  resourceType: z.enum(['Condition', 'Observation']),
  encounter: reference.optional(),
  code: codeable.optional(),
  valueString: text.optional(),
  note: z.array(annotation).optional(),
});

const bundleSchema = z.object({
  resourceType: z.literal('Bundle', {
    error: 'The file is not a FHIR Bundle (its resourceType is not "Bundle")',
  }),
  type: z.string({ error: 'The Bundle has no type' }),
  entry: z.array(z.unknown(), { error: 'The Bundle’s entry is not a list' }).optional(),
});

type Patient = z.infer<typeof patientSchema>;
type Encounter = z.infer<typeof encounterSchema>;

/** Where each of our fields is read, for the problems a row rule reports. */
const PATHS: ColumnMap = {
  attendance_id: 'Encounter.identifier',
  arrived_at: 'Encounter.period.start',
  department: 'Encounter.serviceType',
  given_name: 'Patient.name.given',
  family_name: 'Patient.name.family',
  date_of_birth: 'Patient.birthDate',
  nhs_number: 'Patient.identifier (NHS number)',
  postcode: 'Patient.address.postalCode',
  ethnicity: 'Patient.extension (ethnic category)',
  presenting_complaint: 'Encounter.reasonCode',
  notes: 'Encounter.text',
};

/** Does the file look like JSON (its first character that is not white space is "{")? */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 4096)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf)
      continue;
    return b === 0x7b;
  }
  return false;
}

const at = (index: number, path?: string) => `Bundle.entry[${index}]${path ? `: ${path}` : ''}`;

const codeableText = (c: z.infer<typeof codeable> | undefined) =>
  c?.text?.trim() || c?.coding?.find((k) => k.display)?.display?.trim() || '';

/** A narrative's XHTML as plain text (tags dropped, the common entities decoded). */
export function narrativeText(div: string): string {
  return div
    .replace(/<br\s*\/?>|<\/(p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|amp|quot|apos|#39|nbsp);/g, (_, e: string) =>
      e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'nbsp' ? ' ' : "'",
    )
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** The resource a reference names: by the entry's fullUrl, or by "Type/id" (also at the end of a URL). */
function resolver(entries: readonly { fullUrl?: string; resource: { resourceType: string; id?: string } }[]) {
  const byKey = new Map<string, number>();
  entries.forEach((e, i) => {
    if (e.fullUrl) byKey.set(e.fullUrl, i);
    if (e.resource.id) byKey.set(`${e.resource.resourceType}/${e.resource.id}`, i);
  });
  return (ref: string | undefined): number | undefined => {
    if (!ref) return undefined;
    const direct = byKey.get(ref);
    if (direct !== undefined) return direct;
    const tail = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/.exec(ref);
    return tail ? byKey.get(tail[1]!) : undefined;
  };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function patientCells(p: Patient): Partial<Record<AttendanceField, string>> {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  const address = p.address?.find((a) => a.use === 'home') ?? p.address?.[0];
  const ethnic = p.extension?.find((e) => /EthnicCategory/i.test(e.url))?.valueCodeableConcept;
  return {
    given_name: name?.given?.join(' ') ?? '',
    family_name: name?.family ?? '',
    date_of_birth: p.birthDate ?? '',
    nhs_number: p.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value ?? '',
    postcode: address?.postalCode ?? '',
    ethnicity: codeableText(ethnic) || ethnic?.coding?.find((c) => c.code)?.code || '',
  };
}

function encounterCells(
  e: Encounter,
  extraNotes: readonly string[],
): Partial<Record<AttendanceField, string>> {
  const notes = [e.text ? narrativeText(e.text.div) : '', ...extraNotes].filter(Boolean).join('\n');
  return {
    attendance_id: e.identifier?.find((i) => i.value)?.value ?? e.id ?? '',
    arrived_at: e.period?.start ?? '',
    department:
      codeableText(e.serviceType) || e.location?.[0]?.location.display || e.serviceProvider?.display || '',
    presenting_complaint: (e.reasonCode ?? []).map(codeableText).filter(Boolean).join('; '),
    notes,
  };
}

/**
 * The Bundle's attendances of children, a count of adults left out, and each entry that cannot be
 * read with its index. Refused whole (AttendanceFileError) when the file is not a FHIR Bundle.
 */
export function readFhirBundle(bytes: Uint8Array): FileRows {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new AttendanceFileError([
      {
        row: null,
        column: null,
        message: `The file is not JSON, so not a FHIR Bundle: ${(error as Error).message.slice(0, 200)}`,
      },
    ]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new AttendanceFileError([
      { row: null, column: null, message: 'The file is not a FHIR Bundle (it is not a JSON object)' },
    ]);
  const bundle = bundleSchema.safeParse(json);
  if (!bundle.success)
    throw new AttendanceFileError([
      { row: null, column: 'Bundle', message: bundle.error.issues[0]!.message },
    ]);

  const out: FileRows = { children: [], adults: 0, problems: [] };
  const problem = (index: number, path: string | undefined, message: string): void => {
    out.problems.push({ row: null, column: at(index, path), message } satisfies FileProblem);
  };

  // Every entry's resource, checked for what all resources share; the rest are checked by type below.
  const entries: { index: number; fullUrl?: string; resource: { resourceType: string; id?: string } }[] = [];
  const shape = z.object({
    fullUrl: z.string().optional(),
    resource: z.looseObject({ resourceType: z.string(), id: z.string().optional() }),
  });
  for (const [index, raw] of (bundle.data.entry ?? []).entries()) {
    const e = shape.safeParse(raw);
    if (e.success) entries.push({ index, fullUrl: e.data.fullUrl, resource: e.data.resource });
    else problem(index, undefined, `The entry has no resource: ${firstIssue(e.error)}`);
  }
  const find = resolver(entries);

  const patients = new Map<number, Patient | null>();
  const patientAt = (k: number): Patient | null => {
    if (!patients.has(k)) {
      const p = patientSchema.safeParse(entries[k]!.resource);
      if (!p.success) problem(entries[k]!.index, 'Patient', firstIssue(p.error));
      patients.set(k, p.success ? p.data : null);
    }
    return patients.get(k)!;
  };

  // Notes recorded against an encounter (Conditions and Observations), by the encounter's entry.
  const notesOf = new Map<number, string[]>();
  for (const e of entries) {
    if (e.resource.resourceType !== 'Condition' && e.resource.resourceType !== 'Observation') continue;
    const n = noteSchema.safeParse(e.resource);
    if (!n.success) {
      problem(e.index, e.resource.resourceType, firstIssue(n.error));
      continue;
    }
    const target = find(n.data.encounter?.reference);
    if (target === undefined) continue; // Not about an attendance in this file: nothing to screen.
    const parts = [
      codeableText(n.data.code),
      n.data.valueString ?? '',
      ...(n.data.note ?? []).map((a) => a.text),
    ]
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length) notesOf.set(target, [...(notesOf.get(target) ?? []), parts.join(': ')]);
  }

  const readEncounter = (e: (typeof entries)[number], k: number) => {
    const parsed = encounterSchema.safeParse(e.resource);
    if (!parsed.success) return problem(e.index, 'Encounter', firstIssue(parsed.error));
    const subject = parsed.data.subject?.reference;
    if (!subject) return problem(e.index, 'Encounter.subject', 'The encounter names no patient');
    const target = find(subject);
    if (target === undefined || entries[target]!.resource.resourceType !== 'Patient')
      return problem(
        e.index,
        'Encounter.subject',
        `The patient ${subject.slice(0, 100)} is not in the Bundle`,
      );
    const patient = patientAt(target);
    if (!patient)
      return problem(
        e.index,
        'Encounter.subject',
        `The patient (Bundle.entry[${entries[target]!.index}]) cannot be read`,
      );
    const cells = { ...encounterCells(parsed.data, notesOf.get(k) ?? []), ...patientCells(patient) };
    const result = readRow(e.index, cells, PATHS);
    if (result.kind === 'child') out.children.push(result.attendance);
    else if (result.kind === 'adult') out.adults++;
    else problem(e.index, result.problem.column ?? undefined, result.problem.message);
  };
  for (const [k, e] of entries.entries()) if (e.resource.resourceType === 'Encounter') readEncounter(e, k);
  out.problems.sort((a, b) => entryIndex(a) - entryIndex(b));
  return out;
}

/** The entry index a FHIR problem names (for ordering). */
export function entryIndex(p: FileProblem): number {
  return Number(/^Bundle\.entry\[(\d+)\]/.exec(p.column ?? '')?.[1] ?? -1);
}
