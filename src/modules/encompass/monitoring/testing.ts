/** The test app for the monitoring tests: the shared builder, with sign-in rate limits out of the way. */
import type { Mailer } from '../../../platform/email/mailer.ts';
import { type TestApp, buildTestApp } from '../../../platform/testing/app.ts';

export function buildMonitoringTestApp(
  options: { jobs?: boolean; mailer?: Mailer; env?: Record<string, string> } = {},
): Promise<TestApp> {
  return buildTestApp({ ...options, env: { SIGN_IN_RATE_PER_MINUTE: '1000', ...options.env } });
}
