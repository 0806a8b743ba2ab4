/**
 * The security headers on every response: the Content-Security-Policy with a fresh nonce for
 * inline scripts and styles (the layout's script carries reply.cspNonce.script), and the other
 * headers Helmet sets by default.
 *
 * They were set by @fastify/helmet, which rebuilds and re-validates the whole policy from its
 * directives on every request (two hooks, ~5 % of the audited page's server CPU). The headers
 * never change but for the nonces, so they are written out once here; security-headers.test.ts
 * checks they are exactly the ones @fastify/helmet sent with the options this service gave it.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface SecurityHeaderOptions {
  /** Served over HTTPS: HSTS, and upgrade-insecure-requests in the policy. */
  secure: boolean;
}

declare module 'fastify' {
  interface FastifyReply {
    /** This response's nonces, for inline <script> and <style> elements. */
    cspNonce: { script: string; style: string };
  }
}

/** The policy: what a page may load and run. */
export function contentSecurityPolicy(
  nonce: { script: string; style: string },
  options: SecurityHeaderOptions,
): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    `script-src 'self' 'nonce-${nonce.script}'`,
    "script-src-attr 'none'",
    `style-src 'self' 'nonce-${nonce.style}'`,
    ...(options.secure ? ['upgrade-insecure-requests'] : []),
  ].join(';');
}

/** Every header but the policy: the same on every response. */
export function fixedSecurityHeaders(options: SecurityHeaderOptions): [string, string][] {
  return [
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['Referrer-Policy', 'no-referrer'],
    ...(options.secure
      ? ([['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']] as [string, string][])
      : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Download-Options', 'noopen'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['X-XSS-Protection', '0'],
  ];
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const fixed = fixedSecurityHeaders(options);
  app.decorateReply('cspNonce', null as unknown as FastifyReply['cspNonce']);
  app.addHook('onRequest', (_request, reply, done) => {
    // Two 16-byte nonces, as hex, from one call for random bytes.
    const random = randomBytes(32).toString('hex');
    const nonce = { script: random.slice(0, 32), style: random.slice(32) };
    reply.cspNonce = nonce;
    const raw = reply.raw;
    raw.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, options));
    for (const [name, value] of fixed) raw.setHeader(name, value);
    done();
  });
}
