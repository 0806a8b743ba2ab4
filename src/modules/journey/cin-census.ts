/**
 * The Children in Need census XML, validated against the Department for Education's schema (a copy
 * ships in data/), then read into journey events: referrals, CIN episodes, assessments, section 47
 * enquiries, ICPCs and child protection plans with their reviews. A file that does not validate is
 * refused whole, with the schema's errors and their lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileRefused, type ReadReturn, type RowEvent } from './annex-a.ts';
import { RowProblem, agency, category, count, date, sex, text, yesNo } from './normalise.ts';

export const CIN_CENSUS_SOURCE = 'cin-census';

const SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'CIN_schema_2024.xsd');

const LISTS = new Set([
  'Child',
  'CINdetails',
  'Assessments',
  'CINPlanDates',
  'Section47',
  'ChildProtectionPlans',
  'CPPreviewDate',
  'AssessmentFactors',
  'Disability',
]);

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] =>
  Array.isArray(v) ? (v as Node[]) : v === undefined || v === null ? [] : [v as Node];

export async function readCinCensus(file: string): Promise<ReadReturn> {
  if (!fs.existsSync(file)) throw new FileRefused(`${file}: no such file. Nothing was imported.`);
  const xml = fs.readFileSync(file, 'utf8');
  // Loaded on first use: the schema validator is a WebAssembly build of libxml2.
  const [{ validateXML }, { XMLParser }] = await Promise.all([
    import('xmllint-wasm'),
    import('fast-xml-parser'),
  ]);
  const result = await validateXML({
    xml: [{ fileName: path.basename(file).replace(/^-+/, ''), contents: xml }],
    schema: [{ fileName: 'CIN_schema_2024.xsd', contents: fs.readFileSync(SCHEMA, 'utf8') }],
    maxMemoryPages: 4096,
  });
  if (!result.valid) {
    const errors = result.errors
      .slice(0, 20)
      .map((e) => `  line ${e.loc?.lineNumber ?? '?'}: ${e.message.trim()}`)
      .join('\n');
    const more = result.errors.length > 20 ? `\n  … and ${result.errors.length - 20} more` : '';
    throw new FileRefused(
      `${path.basename(file)} does not match the Children in Need census schema (CIN_schema_2024.xsd):\n${errors}${more}\nNothing was imported.`,
    );
  }
  const doc = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => LISTS.has(name),
  }).parse(xml) as { Message?: { Children?: { Child?: Node[] } } };
  const out: ReadReturn = { rows: [], problems: [], rowsRead: 0 };
  list(doc.Message?.Children?.Child).forEach((child, k) => {
    out.rowsRead++;
    const ids = (child.ChildIdentifiers ?? {}) as Node;
    const where = `Child ${k + 1}${ids.LAchildID ? ` (LAchildID ${String(ids.LAchildID)})` : ''}`;
    try {
      const la = text(ids.LAchildID);
      if (la === null) throw new RowProblem('LAchildID is empty');
      const dob = date(ids.PersonBirthDate, 'PersonBirthDate');
      const events: RowEvent[] = [];
      for (const cin of list(child.CINdetails)) {
        const referred = date(cin.CINreferralDate, 'CINreferralDate');
        if (referred === null) throw new RowProblem('CINreferralDate is empty');
        const episode = `${la}:${referred}`;
        const nfa = yesNo(cin.ReferralNFA, 'ReferralNFA');
        events.push({
          kind: 'referral',
          occurredOn: referred,
          sourceRef: episode,
          episodeRef: episode,
          sourceAgency: agency(cin.ReferralSource),
          details: nfa === null ? {} : { nfa },
        });
        events.push({ kind: 'cin_start', occurredOn: referred, sourceRef: episode, episodeRef: episode });
        const closed = date(cin.CINclosureDate, 'CINclosureDate');
        if (closed !== null) {
          if (closed < referred)
            throw new RowProblem(`CINclosureDate (${closed}) is before CINreferralDate (${referred})`);
          events.push({ kind: 'cin_end', occurredOn: closed, sourceRef: episode, episodeRef: episode });
        }
        for (const a of list(cin.Assessments)) {
          const start = date(a.AssessmentActualStartDate, 'AssessmentActualStartDate');
          if (start === null) continue;
          const ref = `${la}:${start}`;
          events.push({ kind: 'assessment_start', occurredOn: start, sourceRef: ref, episodeRef: episode });
          const done = date(a.AssessmentAuthorisationDate, 'AssessmentAuthorisationDate');
          if (done !== null && done >= start)
            events.push({
              kind: 'assessment_authorised',
              occurredOn: done,
              sourceRef: ref,
              episodeRef: episode,
              details: { startedOn: start },
            });
        }
        for (const s of list(cin.Section47)) {
          const start = date(s.S47ActualStartDate, 'S47ActualStartDate');
          if (start === null) continue;
          const ref = `${la}:${start}`;
          events.push({ kind: 'section47', occurredOn: start, sourceRef: ref, episodeRef: ref });
          const icpc = date(s.DateOfInitialCPC, 'DateOfInitialCPC');
          if (icpc !== null && icpc >= start)
            events.push({
              kind: 'icpc',
              occurredOn: icpc,
              sourceRef: ref,
              episodeRef: ref,
              details: { strategyDiscussionOn: start },
            });
        }
        for (const p of list(cin.ChildProtectionPlans)) {
          const start = date(p.CPPstartDate, 'CPPstartDate');
          if (start === null) continue;
          const ref = `${la}:${start}`;
          const cat = category(p.InitialCategoryOfAbuse, 'InitialCategoryOfAbuse');
          const previousPlans = count(p.NumberOfPreviousCPP, 'NumberOfPreviousCPP');
          events.push({
            kind: 'cp_plan_start',
            occurredOn: start,
            sourceRef: ref,
            details: {
              ...(cat ? { category: cat } : {}),
              ...(previousPlans === null ? {} : { previousPlans }),
            },
          });
          for (const r of list((p.Reviews as Node | undefined)?.CPPreviewDate)) {
            const review = date(r, 'CPPreviewDate');
            if (review)
              events.push({
                kind: 'cp_review',
                occurredOn: review,
                sourceRef: `${ref}:${review}`,
                episodeRef: ref,
              });
          }
          const end = date(p.CPPendDate, 'CPPendDate');
          if (end !== null) {
            if (end < start) throw new RowProblem(`CPPendDate (${end}) is before CPPstartDate (${start})`);
            events.push({ kind: 'cp_plan_end', occurredOn: end, sourceRef: ref });
          }
        }
      }
      out.rows.push({
        where,
        child: {
          laChildId: la,
          dateOfBirth: dob,
          sex: sex(ids.Sex ?? ids.GenderCurrent),
          upn: text(ids.UPN),
        },
        events,
      });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      out.problems.push({ where, reason: error.message });
    }
  });
  return out;
}
