/** pino, with personal data and secrets redacted wherever they appear in a log line. */
import pino, { type Logger } from 'pino';

const PERSONAL = [
  'email',
  'password',
  'givenName',
  'familyName',
  'dateOfBirth',
  'address',
  'postcode',
  'nhsNumber',
  'upn',
  'name',
];

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...PERSONAL,
  ...PERSONAL.map((field) => `*.${field}`),
  ...PERSONAL.map((field) => `*.*.${field}`),
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
