import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from './security-headers.ts';

/** The options the pipeline gave @fastify/helmet before it wrote the headers out itself. */
async function withHelmet(secure: boolean) {
  const app = Fastify();
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure,
  });
  return app;
}

async function headersOf(app: FastifyInstance) {
  app.get('/', async (_request, reply) => reply.cspNonce);
  const response = await app.inject({ method: 'GET', url: '/' });
  const nonce = response.json() as { script: string; style: string };
  const headers = Object.fromEntries(
    Object.entries(response.headers)
      .filter(([name]) => !['content-length', 'content-type', 'date', 'connection'].includes(name))
      .map(([name, value]) => [
        name,
        String(value).replaceAll(nonce.script, 'SCRIPT').replaceAll(nonce.style, 'STYLE'),
      ]),
  );
  await app.close();
  return { headers, nonce };
}

describe('the security headers', () => {
  for (const secure of [false, true]) {
    it(`are the ones @fastify/helmet sent${secure ? ', over HTTPS' : ''}`, async () => {
      const before = await headersOf(await withHelmet(secure));
      const app = Fastify();
      registerSecurityHeaders(app, { secure });
      const now = await headersOf(app);
      expect(now.headers).toEqual(before.headers);
      expect(now.headers['content-security-policy']).toContain("script-src 'self' 'nonce-SCRIPT'");
      expect(now.nonce.script).toMatch(/^[0-9a-f]{32}$/);
      expect(now.nonce.style).toMatch(/^[0-9a-f]{32}$/);
      expect(now.nonce.style).not.toBe(now.nonce.script);
    });
  }

  it('gives every response new nonces', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, { secure: false });
    app.get('/', async (_request, reply) => reply.cspNonce.script);
    const [a, b] = await Promise.all([app.inject('/'), app.inject('/')]);
    expect(a.body).not.toBe(b.body);
    expect(a.headers['content-security-policy']).toContain(`'nonce-${a.body}'`);
    await app.close();
  });
});
