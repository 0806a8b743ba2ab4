/** Surveys' tables: the survey, its agencies and questions, returns and answers, who answered (apart), attachments. */
import type { Generated } from 'kysely';
import type { CivilDate, Timestamp } from '../../platform/db/schema.ts';

export type Audience = 'practitioners' | 'referrers' | 'young_people' | 'families';
export type SurveyAccess = 'anonymous' | 'sign_in';
export type QuestionKind = 'agreement' | 'yes_no' | 'choice' | 'number' | 'free_text';

export interface SurveyTable {
  id: Generated<number>;
  title: string;
  introduction: string | null;
  audience: Audience;
  serviceName: string | null;
  access: SurveyAccess;
  linkToken: string;
  opensOn: CivilDate;
  closesOn: CivilDate;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface SurveyAgencyTable {
  surveyId: number;
  organisationId: number;
}

export interface SurveyQuestionTable {
  id: Generated<number>;
  surveyId: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: string[] | null;
  minValue: number | null;
  maxValue: number | null;
  required: Generated<boolean>;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  surveyId: number;
  submittedOn: CivilDate;
}

export interface SurveyAnswerTable {
  id: Generated<number>;
  responseId: number;
  questionId: number;
  numberValue: number | null;
  textValue: string | null;
  quotedForReport: Generated<boolean>;
}

export interface SurveyRespondentTable {
  surveyId: number;
  userId: string;
}

export interface SurveyAttachmentTable {
  surveyId: number;
  subjectModule: string;
  subjectType: string;
  subjectId: string;
  attachedBy: string | null;
  attachedAt: Timestamp;
}

export interface SurveysTables {
  survey: SurveyTable;
  surveyAgency: SurveyAgencyTable;
  surveyQuestion: SurveyQuestionTable;
  surveyResponse: SurveyResponseTable;
  surveyAnswer: SurveyAnswerTable;
  surveyRespondent: SurveyRespondentTable;
  surveyAttachment: SurveyAttachmentTable;
}

declare module '../../platform/db/schema.ts' {
  interface Database extends SurveysTables {}
}
