/**
 * The one configuration of the service: the environment, validated with zod and typed.
 * Development gets working defaults; production must be told its secrets and address.
 */
import path from 'node:path';
import { z } from 'zod';
import { type SsoProvider, parseSsoProviders } from '../auth/sso-config.ts';

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
    HOST: z.string().default('127.0.0.1').describe('Address to listen on'),
    DATA_DIR: z.string().default('./data').describe('Where the embedded PGlite database keeps its files'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
      .optional()
      .describe('A PostgreSQL server; when unset the embedded PGlite database is used'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    BASE_URL: z.url().optional().describe('The public address, used in links in emails'),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SIGN_IN_FREE_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe(
        'Failures for one email from one address before each further try must wait, twice as long each time',
      ),
    SIGN_IN_ADDRESS_FAILURES_PER_HOUR: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(30)
      .describe('Failed sign-ins one address may make in an hour, across all emails'),
    TRUST_PROXY: z
      .string()
      .optional()
      .describe(
        'Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (comma-separated); none by default',
      ),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional()
      .describe('Where email is sent; when unset, emails are written to the log instead'),
    MAIL_FROM: z.string().default('Safeguarding Hub <no-reply@safeguarding-hub.example>'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JOBS: z.enum(['on', 'off']).default('on').describe('Run background job workers in this process'),
    METRICS_TOKEN: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('The bearer token a Prometheus scraper sends for /metrics; without it /metrics is off'),
    PARTNERSHIP_NAME: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .default('Severnshire Safeguarding Children Partnership')
      .describe('The partnership’s name, in the header, the footer, page titles and emails'),
    SERVICE_NAME: z.string().trim().min(1).max(60).default('Safeguarding Hub').describe('The service’s name'),
    BRAND_COLOUR: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4f76')
      .default('#1d4f76')
      .describe(
        'The partnership’s colour: the header and the footer’s top line (dark enough for white text)',
      ),
    LOGO_URL: z
      .string()
      .regex(/^(\/|https:\/\/)/, 'must be a path on this site or an https:// address')
      .default('/static/partnership-logo.svg')
      .describe('The partnership’s logo, shown in the header'),
    CONTACT_EMAIL: z
      .email()
      .default('safeguarding.partnership@severnshire.example')
      .describe('Where people write to the partnership business unit'),
    HELP_URL: z
      .string()
      .regex(/^(\/|https:\/\/)/, 'must be a path on this site or an https:// address')
      .default('/help')
      .describe('Help for users of the service'),
    DPO_EMAIL: z
      .email()
      .default('data.protection@severnshire.example')
      .describe('The data protection officer, named in the privacy notice'),
    SECOND_FACTOR_REQUIRED: z
      .enum(['on', 'off'])
      .optional()
      .describe(
        'Whether the partnership admin, data quality, auditor and review group roles must use a second factor (TOTP); on by default, off only for a demo or development copy (refused in production; default off in development)',
      ),
    SECOND_FACTOR_KEY: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe(
        'The key that encrypts TOTP secrets and keys recovery-code hashes; derived from SESSION_SECRET when unset',
      ),
    STEP_UP_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(10)
      .describe(
        'Minutes after which merging children, exporting lists of children or a review’s case asks the user to prove who they are again',
      ),
    SSO_PROVIDERS: z
      .string()
      .optional()
      .describe(
        'The organisations’ OpenID Connect identity providers: JSON, or @ and the path of a JSON file (docs/security.md); each client secret is read from the variable the entry names',
      ),
    CLOCK_START: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('A training copy only: the clock starts at this instant and runs on; refused in production'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (!env.BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['BASE_URL'], message: 'is required in production' });
    }
    if (env.SECOND_FACTOR_REQUIRED === 'off') {
      ctx.addIssue({
        code: 'custom',
        path: ['SECOND_FACTOR_REQUIRED'],
        message: 'is off only in a demo or development copy: never in production',
      });
    }
    if (env.CLOCK_START) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLOCK_START'],
        message: 'is for training copies: never in production',
      });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  env: Environment['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  sessionSecret: string;
  baseUrl: string;
  sessionIdleMinutes: number;
  signInFreeFailures: number;
  signInAddressFailuresPerHour: number;
  /** The proxies whose X-Forwarded-For is believed: none unless configured. */
  trustProxy: string[];
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: Environment['LOG_LEVEL'];
  runJobs: boolean;
  /** The bearer token /metrics asks for, or null: /metrics is off. */
  metricsToken: string | null;
  /** A training copy's clock start (CLOCK_START), or null for the machine's clock. */
  clockStart: Date | null;
  /** The partnership's own identity: the service is not on GOV.UK, so it carries no crown. */
  brand: Brand;
  /** Cookies are Secure everywhere except a plain-http localhost address. */
  secureCookies: boolean;
  /** The roles that must use a second factor do (off only outside production). */
  secondFactorRequired: boolean;
  /** The key TOTP secrets are encrypted with (and recovery codes hashed under). */
  secondFactorKey: string;
  stepUpMinutes: number;
  /** The organisations' OpenID Connect identity providers (none unless configured). */
  ssoProviders: SsoProvider[];
}

/** What a partnership configures about how the service presents itself. */
export interface Brand {
  partnershipName: string;
  serviceName: string;
  /** #rrggbb */
  colour: string;
  logoUrl: string;
  contactEmail: string;
  helpUrl: string;
  dpoEmail: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one clear message naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(environment)'} ${issue.message}`,
    );
    throw new ConfigError(`The configuration is not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const sessionSecret = e.SESSION_SECRET ?? 'development-only-secret-not-for-production-use';
  let ssoProviders: SsoProvider[];
  try {
    ssoProviders = parseSsoProviders(e.SSO_PROVIDERS, environment);
  } catch (error) {
    throw new ConfigError(`The configuration is not valid:\n  SSO_PROVIDERS ${(error as Error).message}`);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    // A fixed development secret is fine: production refuses to start without its own.
    sessionSecret,
    baseUrl,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    signInFreeFailures: e.SIGN_IN_FREE_FAILURES,
    signInAddressFailuresPerHour: e.SIGN_IN_ADDRESS_FAILURES_PER_HOUR,
    trustProxy: (e.TRUST_PROXY ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    runJobs: e.JOBS === 'on',
    metricsToken: e.METRICS_TOKEN ?? null,
    clockStart: e.CLOCK_START ? new Date(e.CLOCK_START) : null,
    brand: {
      partnershipName: e.PARTNERSHIP_NAME,
      serviceName: e.SERVICE_NAME,
      colour: e.BRAND_COLOUR.toLowerCase(),
      logoUrl: e.LOGO_URL,
      contactEmail: e.CONTACT_EMAIL,
      helpUrl: e.HELP_URL,
      dpoEmail: e.DPO_EMAIL,
    },
    secureCookies: !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(baseUrl),
    secondFactorRequired:
      (e.SECOND_FACTOR_REQUIRED ?? (e.NODE_ENV === 'development' ? 'off' : 'on')) === 'on',
    secondFactorKey: e.SECOND_FACTOR_KEY ?? `second-factor:${sessionSecret}`,
    stepUpMinutes: e.STEP_UP_MINUTES,
    ssoProviders,
  };
}

/** The variables the README documents, with their descriptions. */
export const CONFIG_VARIABLES = environmentSchema;
