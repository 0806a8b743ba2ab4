import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

describe('configuration', () => {
  it('has working development defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.secureCookies).toBe(false);
  });

  it('fails fast in production without a session secret and a base URL, naming both', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET is required in production[\s\S]*BASE_URL is required in production/,
    );
  });

  it('runs in production when told its secret and address, with secure cookies', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      BASE_URL: 'https://hub.example.org/',
    });
    expect(config.baseUrl).toBe('https://hub.example.org');
    expect(config.secureCookies).toBe(true);
  });

  it('rejects a bad port and a database URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL must be a postgres:\/\/ connection URL/,
    );
  });
});
