/**
 * The audit log in words: what an action code such as `encompass:monitor` (a permission, for an
 * attempt refused or let through) or `candidate` means to someone reading the log.
 */

/** The part of the service a permission or record belongs to, by its prefix. */
const PARTS: Record<string, string> = {
  action: 'Action',
  actions: 'Action tracker',
  audit: 'Audit log',
  'audit-case': 'Audit case',
  'audit-return': 'Schools audit return',
  budget: 'Budget',
  calendar: 'Calendar',
  child: 'Child record',
  children: 'Child index',
  concern: 'Exploitation concern',
  encompass: 'Operation Encompass',
  exploitation: 'GET SAFE (exploitation)',
  'front-door': 'Family Front Door',
  governance: 'Governance',
  home: 'Start page',
  impact: 'Impact of training',
  incident: 'Operation Encompass incident',
  journey: 'The child’s journey',
  mace: 'MACE',
  'national-reviews': 'National reviews',
  notice: 'Operation Encompass notice',
  quality: 'Multi-agency audits',
  referral: 'Referral',
  registry: 'Registry',
  review: 'Practice review',
  reviews: 'Practice reviews',
  'schools-audit': 'Schools audit',
  'self-audit': 'Self-audit',
  setting: 'Setting',
  surveys: 'Surveys',
  training: 'Training',
  wren: 'WREN (A&E screening)',
  'yearly-report': 'Yearly report',
};

/** Permission verbs as an activity ("monitoring"); nouns (dashboard, KPIs) stay as they are. */
const ACTIVITIES: Record<string, string> = {
  kpis: 'KPIs',
  mace: 'MACE',
  nrm: 'NRM referrals',
  'nrm-audit': 'NRM audit',
  'free-text': 'free text',
  refer: 'referring',
  triage: 'triage',
  list: 'listing',
  view: 'viewing',
  edit: 'editing',
  find: 'finding a child',
  search: 'searching',
  record: 'recording',
  manage: 'managing',
  create: 'creating',
  own: 'own records',
};
const VERBS = new Set([
  'acknowledge',
  'amend',
  'answer',
  'approve',
  'attend',
  'book',
  'browse',
  'complete',
  'coordinate',
  'decide',
  'import',
  'monitor',
  'notify',
  'raise',
  'reconcile',
  'register',
  'respond',
  'submit',
  'update',
  'work',
]);

/** monitor → monitoring, approve → approving, notify → notifying. */
const ing = (verb: string) =>
  verb.endsWith('e') && !verb.endsWith('ee') ? `${verb.slice(0, -1)}ing` : `${verb}ing`;

const capitalised = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

/** The part of the service a prefix names, or the prefix in words. */
export function partInWords(prefix: string): string {
  return PARTS[prefix] ?? capitalised(prefix.replace(/-/g, ' '));
}

/** A permission's activity in words: "monitoring", "judging the front door's decisions". */
function activityInWords(activity: string): string {
  if (ACTIVITIES[activity]) return ACTIVITIES[activity];
  if (activity.startsWith('judge-')) return `judging ${partInWords(activity.slice(6)).toLowerCase()}`;
  if (VERBS.has(activity)) return ing(activity);
  const [first, ...rest] = activity.split('-');
  if (first && VERBS.has(first)) return [ing(first), ...rest].join(' ');
  return activity.replace(/-/g, ' ');
}

/** Actions written by routes and services, in words. */
const ACTIONS: Record<string, string> = {
  view: 'Viewed',
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  export: 'Exported',
  candidate: 'Shown as a possible match',
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  acknowledge: 'Acknowledged',
  amend: 'Amended',
  withdraw: 'Withdrew',
  download: 'Downloaded',
  upload: 'Uploaded',
  import: 'Imported',
  list: 'Listed',
  print: 'Printed',
};

/** `encompass:monitor` → "Operation Encompass: monitoring"; `candidate` → "Shown as a possible match". */
export function actionInWords(action: string): string {
  const colon = action.indexOf(':');
  if (colon > 0) return `${partInWords(action.slice(0, colon))}: ${activityInWords(action.slice(colon + 1))}`;
  return ACTIONS[action] ?? capitalised(action.replace(/[-_]/g, ' '));
}
