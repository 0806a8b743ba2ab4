/** Signs in through the real form, as a browser would: GET the form, POST it with its CSRF token. */

function cookiesFrom(response: Response, jar: Map<string, string>) {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    // A cleared cookie comes back empty (and already expired): the browser drops it.
    if (value) jar.set(name, value);
    else jar.delete(name);
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

/**
 * Returns the Cookie header a browser sends after signing in: the new session (sgh_session) and
 * the CSRF secret renewed at sign-in. Without the CSRF cookie every page would make and set a new
 * secret, work that no browser's visit causes.
 */
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
  if (!jar.get('sgh_session')) throw new Error('POST /sign-in set no sgh_session cookie');
  // Follow the redirect, as the browser does: the first page sets the CSRF secret that sign-in
  // renewed, and the browser sends it back with every later request.
  const landing = await fetch(new URL(answer.headers.get('location') ?? '/', baseUrl), {
    redirect: 'manual',
    headers: { accept: 'text/html', cookie: cookieHeader(jar) },
  });
  await landing.arrayBuffer();
  cookiesFrom(landing, jar);
  return cookieHeader(jar);
}
