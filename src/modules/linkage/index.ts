/** The linkage module's public face: pure record linkage, no database or HTTP inside. */
export { BlockingPlan, type BlockingRule, DEFAULT_BLOCKING_RULES } from './blocking.ts';
export { COMPARISONS, comparePair } from './comparisons.ts';
export {
  DEFAULT_THRESHOLDS,
  type LinkageResult,
  type Progress,
  type ScoredPair,
  type Thresholds,
  TooManyComparisonsError,
  assignOneToOne,
  dedupe,
  link,
} from './engine.ts';
export { type Accuracy, accuracyOfLinks, evaluate } from './evaluation.ts';
export { type LinkageModel, type PairExplanation, explainPair, probabilityOf, weightOf } from './model.ts';
export { NICKNAME_GROUPS, areNicknames, nicknameGroupOf } from './nicknames.ts';
export { PERSON_FIELDS, type PersonRecord, normaliseName, preparePeople } from './person.ts';
export { CsvInputError, type CsvProblem, peopleFromCsv } from './csv-input.ts';
export { DEFAULT_MODEL } from './default-model.ts';
export { readCsvTable } from './csv-input.ts';
export type { PersonField } from './person.ts';
export {
  LinkageCommandError,
  type LinkageCommandOptions,
  runDedupeCommand,
  runLinkCommand,
} from './command.ts';
