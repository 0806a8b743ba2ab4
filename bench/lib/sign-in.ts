/** Signs in through the real form, as a browser would: GET the form, POST it with its CSRF token. */

function cookiesFrom(response: Response, jar: Map<string, string>) {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The value of the hidden _csrf input, whatever the order of its attributes. */
function csrfToken(html: string): string {
  for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
    if (!/\bname\s*=\s*"_csrf"/i.test(tag)) continue;
    const value = /\bvalue\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    if (value) return unescapeHtml(value);
  }
  throw new Error('The sign-in page has no _csrf input');
}

/** Returns the Cookie header that carries the new session (sgh_session). */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await fetch(`${baseUrl}/sign-in`, { redirect: 'manual', headers: { accept: 'text/html' } });
  if (form.status !== 200) throw new Error(`GET /sign-in answered ${form.status}`);
  cookiesFrom(form, jar);
  const token = csrfToken(await form.text());
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(jar),
    },
    body: new URLSearchParams({ _csrf: token, email, password, returnTo: '/' }).toString(),
  });
  await answer.arrayBuffer();
  if (answer.status !== 303)
    throw new Error(
      `POST /sign-in answered ${answer.status}, not 303 (wrong password, locked, or CSRF refused)`,
    );
  cookiesFrom(answer, jar);
  const session = jar.get('sgh_session');
  if (!session) throw new Error('POST /sign-in set no sgh_session cookie');
  return `sgh_session=${session}`;
}
