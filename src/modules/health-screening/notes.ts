/**
 * Synthetic A&E notes for the demo and the benchmark: the everyday injuries and illnesses of
 * children, and, in about three attendances in ten, the words WREN looks for (as the report's
 * snapshot: 261 flagged in a month), some of them negated or said of a family member. Made up.
 */
import type { Random } from '../../synthetic/random.ts';

const COMPLAINTS = [
  'Injury to wrist',
  'Head injury',
  'Abdominal pain',
  'Fever',
  'Shortness of breath',
  'Laceration to hand',
  'Ankle injury',
  'Rash',
  'Vomiting',
  'Chest pain',
  'Injury to knee',
  'Burn to forearm',
] as const;

const EVERYDAY = [
  'Fell from trampoline at home, pain and swelling to left wrist. X-ray shows buckle fracture. Backslab applied, fracture clinic follow up.',
  'Knocked head on table edge at nursery, no loss of consciousness, alert and playing. Head injury advice given to mum.',
  'Three days of fever and cough, eating and drinking less. Chest clear on examination. Safety netting advice given.',
  'Cut hand on broken glass while washing up. Wound cleaned and closed with steri-strips. Tetanus up to date.',
  'Twisted ankle playing football at school. Able to weight bear. Soft tissue injury, RICE advice.',
  'Wheeze and shortness of breath since last night, known asthmatic. Salbutamol given with good response. Discharged with plan.',
  'Abdominal pain since this morning, tender right iliac fossa. Referred to paediatric surgeons for review.',
  'Non-blanching rash reported by dad, on review rash blanches, child well. Discharged with advice.',
  'Vomiting and diarrhoea for two days, mildly dehydrated. Oral fluid challenge passed.',
  'Spilled hot drink on forearm, superficial burn 1% TBSA. Dressed, burns clinic follow up.',
  'Fell off bike, grazes to knees and elbows, helmet worn. Wounds cleaned, discharged.',
  'Swallowed a coin at home per mother, asymptomatic. X-ray shows coin in stomach, advice given.',
] as const;

const FLAGGED = [
  'Stab wound to left thigh, states was attacked by a group near the park. Police informed.',
  'Presented with laceration to forearm, says it was a knife but will not say who had it. Police aware.',
  'Took an overdose of paracetamol tablets after argument at home. Medically fit, CAMHS referral.',
  'Found intoxicated, ketamine use reported by friends. Vague about where he has been for two days, missing from home.',
  'Reports being made to carry drugs for older boys, concerns of county lines. Has large amount of cash and a new phone.',
  'Self-harm cuts to forearms, superficial. Discussed with CAMHS liaison.',
  'Injury to hand from punching a wall. Mentions gang in the area has threatened him.',
  'Says older boyfriend gave her alcohol, alcohol intoxication, vague about events. Concern she may be groomed.',
  'Denies any weapon involvement, states injury from falling onto railings. Wound consistent with sharp object.',
  'Brother was stabbed last month, child anxious and not sleeping. Presenting with panic attack.',
  'No knife involved per patient, fell onto glass. Laceration to palm.',
  'Gunshot noise heard near home per mum, child with ear pain only. No injury found.',
  'Assaulted on the way home from school, bruising to face. Says it was over a debt.',
  'Suicidal thoughts disclosed at triage, overdose attempt denied. Crisis team review.',
] as const;

const DEPARTMENTS = [
  'Worcestershire Royal Hospital ED',
  'Alexandra Hospital ED',
  'Kidderminster Minor Injuries Unit',
] as const;

const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['White British', 83],
  ['White other', 4],
  ['Mixed: White and Black Caribbean', 3],
  ['Asian or Asian British: Pakistani', 3],
  ['Black or Black British', 2],
  ['Asian or Asian British: Indian', 2],
  ['Other ethnic group', 1],
  ['Not stated', 2],
];

export function attendanceNotes(rng: Random, flagged: boolean): { complaint: string; notes: string } {
  return flagged
    ? {
        complaint: rng.pick(COMPLAINTS),
        notes: `${rng.pick(FLAGGED)} ${rng.pick(EVERYDAY).split('. ').at(-1)}`,
      }
    : { complaint: rng.pick(COMPLAINTS), notes: rng.pick(EVERYDAY) };
}

export const department = (rng: Random) => rng.pick(DEPARTMENTS);
export const ethnicity = (rng: Random) => rng.weighted(ETHNICITIES);
