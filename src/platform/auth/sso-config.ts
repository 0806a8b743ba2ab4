/**
 * The organisations' OpenID Connect identity providers, from SSO_PROVIDERS: JSON text, or `@` and
 * the path of a JSON file. Client secrets are never in that JSON (it may be kept in the
 * repository of a deployment): each entry names the environment variable that holds its secret.
 * The format is documented in docs/security.md.
 */
import fs from 'node:fs';
import { z } from 'zod';

const providerSchema = z
  .object({
    /** In the sign-in addresses: /sign-in/sso/<id>. */
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'id must be lower-case letters, digits and hyphens'),
    /** The organisation (registry code) whose staff this provider signs in: only their accounts match. */
    organisationCode: z.string().min(1).max(40),
    /** Shown on the button: "Sign in with <label>". */
    label: z.string().min(1).max(80),
    issuer: z.url(),
    clientId: z.string().min(1).max(200),
    /** The environment variable holding the client secret. */
    clientSecretVariable: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
    /**
     * The provider's own MFA counts as our second factor only when the organisation says so and
     * the ID token shows it: an `amr` value or an `acr` value from these lists.
     */
    trustedMfa: z
      .object({
        amr: z.array(z.string().min(1)).default([]),
        acr: z.array(z.string().min(1)).default([]),
      })
      .optional(),
  })
  .strict();

export interface SsoProvider {
  id: string;
  organisationCode: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  trustedMfa: { amr: string[]; acr: string[] } | null;
  /** Plain http is allowed for a loopback issuer only (tests and local trials). */
  allowInsecureRequests: boolean;
}

export function parseSsoProviders(
  value: string | undefined,
  environment: Record<string, string | undefined>,
): SsoProvider[] {
  if (!value?.trim()) return [];
  const text = value.startsWith('@') ? fs.readFileSync(value.slice(1), 'utf8') : value;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
  const parsed = z.array(providerSchema).safeParse(json);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const ids = new Set<string>();
  return parsed.data.map((p) => {
    if (ids.has(p.id)) throw new Error(`two providers have the id ${p.id}`);
    ids.add(p.id);
    const clientSecret = environment[p.clientSecretVariable];
    if (!clientSecret)
      throw new Error(`${p.id}: the variable ${p.clientSecretVariable} (its client secret) is not set`);
    const url = new URL(p.issuer);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !loopback)
      throw new Error(`${p.id}: the issuer must be https (plain http only on loopback)`);
    return {
      id: p.id,
      organisationCode: p.organisationCode,
      label: p.label,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret,
      trustedMfa: p.trustedMfa ? { amr: p.trustedMfa.amr, acr: p.trustedMfa.acr } : null,
      allowInsecureRequests: url.protocol === 'http:' && loopback,
    };
  });
}
