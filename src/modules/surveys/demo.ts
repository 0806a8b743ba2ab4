/**
 * The demo partnership's surveys, shaped on the reference report: the LADO service's survey of
 * referrers (36 returns, late in the year) and the GET SAFE group's survey of young people about
 * online safety. Answers are drawn from the seeded generator so the demo is the same every time;
 * the free-text answers are the kind of thing the report quotes, written for the demo.
 */
import { addDays } from '../../platform/calendar/civil-date.ts';
import type { Db } from '../../platform/db/client.ts';
import { Random } from '../../synthetic/random.ts';
import type { QuestionKind } from './tables.ts';

interface DemoQuestion {
  kind: QuestionKind;
  prompt: string;
  options?: string[];
  minValue?: number;
  maxValue?: number;
  required?: boolean;
  /** One answer, drawn: a number (agreement 1–5, yes 1 / no 0, a number) or a text. */
  draw(rng: Random, i: number): number | string | null;
}

const agreeMostly = (rng: Random) =>
  rng.weighted([
    [5, 45],
    [4, 38],
    [3, 10],
    [2, 5],
    [1, 2],
  ] as const);

const LADO_COMMENTS = [
  'The LADO rang me back the same day and talked the process through.',
  'Clear written feedback: I knew exactly what I needed to do next.',
  'It took a few days to get an answer during the school holidays.',
  'The Position of Trust meeting was well organised and everyone knew their role.',
  'Helpful and calm advice in a difficult situation.',
  'I would have liked an update while the police investigation was going on.',
];

const YOUNG_PEOPLE_COMMENTS = [
  'My mum doesn’t know how to use the phone so I show her.',
  'I give my phone to my parents at bedtime.',
  'I would tell my friend first, then maybe a teacher.',
  'If I told someone they would take my phone off me.',
  'School talks about it a lot but it is always the same stuff.',
  'It would make things worse.',
  'Not allowed TikTok, Snapchat or Instagram.',
  'Parents do random checks.',
];

const LADO: DemoQuestion[] = [
  { kind: 'agreement', prompt: 'My referral was dealt with in a timely manner', draw: agreeMostly },
  {
    kind: 'yes_no',
    prompt: 'Were you given written feedback after your referral?',
    draw: (r) => (r.chance(0.89) ? 1 : 0),
  },
  {
    kind: 'agreement',
    prompt: 'The written feedback helped me understand the next steps, for me or for the LADO',
    draw: agreeMostly,
  },
  {
    kind: 'agreement',
    prompt: 'I was content with the LADO’s response and understood the reasons for the decisions',
    draw: agreeMostly,
  },
  {
    kind: 'agreement',
    prompt: 'The Position of Trust meeting was arranged in a timely way',
    required: false,
    draw: (r) => (r.chance(0.2) ? null : agreeMostly(r)),
  },
  {
    kind: 'choice',
    prompt: 'Where do you work?',
    options: [
      'A school or college',
      'An independent fostering agency',
      'A residential setting',
      'Health',
      'Police',
      'Another agency',
    ],
    draw: (r) =>
      r.weighted([
        ['A school or college', 14],
        ['An independent fostering agency', 7],
        ['A residential setting', 6],
        ['Health', 4],
        ['Police', 2],
        ['Another agency', 3],
      ] as const),
  },
  {
    kind: 'free_text',
    prompt: 'Is there anything else you would like to tell us about the LADO service?',
    required: false,
    draw: (r, i) => (r.chance(0.35) ? LADO_COMMENTS[i % LADO_COMMENTS.length]! : null),
  },
];

const YOUNG_PEOPLE: DemoQuestion[] = [
  { kind: 'number', prompt: 'How old are you?', minValue: 10, maxValue: 19, draw: (r) => r.int(11, 17) },
  {
    kind: 'yes_no',
    prompt: 'Are there any rules or limits on what you can do on your phone or other devices?',
    draw: (r) => (r.chance(0.24) ? 1 : 0),
  },
  {
    kind: 'yes_no',
    prompt: 'Does anyone check what you are doing, or who you are talking to, online?',
    draw: (r) => (r.chance(0.5) ? 1 : 0),
  },
  {
    kind: 'yes_no',
    prompt: 'Has anyone talked to you about staying safe online?',
    draw: (_r, i) => (i < 2 ? 0 : 1),
  },
  {
    kind: 'choice',
    prompt: 'Who talked to you most about staying safe online?',
    options: ['School', 'My parents or family', 'A youth club or youth worker', 'The police', 'Nobody'],
    draw: (r, i) =>
      i < 2
        ? 'Nobody'
        : r.weighted([
            ['School', 60],
            ['My parents or family', 25],
            ['A youth club or youth worker', 9],
            ['The police', 6],
          ] as const),
  },
  {
    kind: 'choice',
    prompt: 'If you or a friend felt unsafe online, what would you do?',
    options: [
      'Talk to a friend',
      'Talk to my family',
      'Tell someone at school',
      'Contact Childline',
      'Nothing',
    ],
    draw: (r) =>
      r.weighted([
        ['Talk to a friend', 26],
        ['Talk to my family', 30],
        ['Tell someone at school', 20],
        ['Contact Childline', 8],
        ['Nothing', 16],
      ] as const),
  },
  { kind: 'agreement', prompt: 'I know where to get help if something goes wrong online', draw: agreeMostly },
  {
    kind: 'free_text',
    prompt: 'Is there anything else you want to tell us?',
    required: false,
    draw: (r, i) => (r.chance(0.4) ? YOUNG_PEOPLE_COMMENTS[i % YOUNG_PEOPLE_COMMENTS.length]! : null),
  },
];

async function seedSurvey(
  db: Db,
  rng: Random,
  survey: {
    title: string;
    introduction: string;
    audience: 'referrers' | 'young_people';
    serviceName: string | null;
    opensOn: string;
    closesOn: string;
    token: string;
  },
  questions: DemoQuestion[],
  returns: number,
  quoted: (text: string) => boolean,
): Promise<number> {
  const { token, ...details } = survey;
  const { id } = await db
    .insertInto('survey')
    .values({ ...details, linkToken: token, access: 'anonymous' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored = await db
    .insertInto('surveyQuestion')
    .values(
      questions.map((q, i) => ({
        surveyId: id,
        position: i + 1,
        kind: q.kind,
        prompt: q.prompt,
        options: q.options ?? null,
        minValue: q.minValue ?? null,
        maxValue: q.maxValue ?? null,
        required: q.required ?? true,
      })),
    )
    .returning('id')
    .execute();
  const days = Math.max(1, (Date.parse(survey.closesOn) - Date.parse(survey.opensOn)) / 86_400_000);
  const responses = await db
    .insertInto('surveyResponse')
    .values(
      Array.from({ length: returns }, () => ({
        surveyId: id,
        submittedOn: addDays(survey.opensOn, rng.int(0, days)),
      })),
    )
    .returning('id')
    .execute();
  const answers = responses.flatMap((r, i) =>
    questions.flatMap((q, k) => {
      const value = q.draw(rng, i);
      if (value === null) return [];
      const text = typeof value === 'string' ? value : null;
      return [
        {
          responseId: r.id,
          questionId: stored[k]!.id,
          numberValue: typeof value === 'number' ? value : null,
          textValue: text,
          quotedForReport: q.kind === 'free_text' && text !== null && quoted(text),
        },
      ];
    }),
  );
  await db.insertInto('surveyAnswer').values(answers).execute();
  return id;
}

/** The two surveys of the demo year, relative to `today`. */
export async function seedDemoSurveys(db: Db, today: string): Promise<{ lado: number; youngPeople: number }> {
  const rng = new Random(11).fork('surveys');
  const lado = await seedSurvey(
    db,
    rng,
    {
      title: 'Your experience of the LADO service',
      introduction:
        'You referred to, or worked with, the Local Authority Designated Officer (LADO) service through the management of allegations process. Tell us how it went.',
      audience: 'referrers',
      serviceName: 'the LADO service',
      opensOn: addDays(today, -150),
      closesOn: addDays(today, -122),
      token: 'demo-lado-referrers',
    },
    LADO,
    36,
    (text) => text.startsWith('Clear written feedback') || text.startsWith('The LADO rang'),
  );
  const youngPeople = await seedSurvey(
    db,
    rng,
    {
      title: 'Staying safe online',
      introduction:
        'We want to know what you think about staying safe online. It takes about 5 minutes. You do not have to answer every question.',
      audience: 'young_people',
      serviceName: null,
      opensOn: addDays(today, -60),
      closesOn: addDays(today, 30),
      token: 'demo-online-safety',
    },
    YOUNG_PEOPLE,
    50,
    (text) => text.startsWith('My mum') || text.startsWith('It would make'),
  );
  return { lado, youngPeople };
}
