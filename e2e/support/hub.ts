/**
 * The fixture of a test file: one server and one browser for the whole file, a fresh browser
 * context (a person's session) whenever a test asks for one, closed when the test ends.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, newBrowserContext } from './browser.ts';
import { type RunningServer, type ServerOptions, startServer } from './server.ts';
import { Session } from './session.ts';

export interface Hub {
  readonly baseUrl: string;
  /** A new, signed-out browser session; closed after the current test. */
  session(name: string): Promise<Session>;
}

/**
 * `options` may be a function, called when the server starts: after the `beforeAll` hooks the
 * file registered before `useHub` (which may start what the server needs, like a mail server).
 */
export function useHub(options: ServerOptions | (() => ServerOptions) = {}): Hub {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let open: Session[] = [];
  let pagesChecked = 0;
  let pagesWithViolations = 0;

  beforeAll(async () => {
    const [startedServer, launchedBrowser] = await Promise.allSettled([
      startServer(typeof options === 'function' ? options() : options),
      launchBrowser(),
    ]);
    if (startedServer.status === 'fulfilled') server = startedServer.value;
    if (launchedBrowser.status === 'fulfilled') browser = launchedBrowser.value;
    if (startedServer.status === 'rejected') throw startedServer.reason;
    if (launchedBrowser.status === 'rejected') throw launchedBrowser.reason;
  });

  afterEach(async () => {
    for (const session of open) {
      pagesChecked += session.checks.length;
      pagesWithViolations += session.checks.filter((c) => c.violations.length).length;
    }
    await Promise.allSettled(open.map((session) => session.close()));
    open = [];
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (pagesChecked)
      console.log(`axe-core: ${pagesChecked} page(s) checked, ${pagesWithViolations} with violations`);
  });

  return {
    get baseUrl() {
      if (!server) throw new Error('The server is not running');
      return server.baseUrl;
    },
    async session(name: string) {
      if (!server || !browser) throw new Error('The server or the browser is not running');
      const context = await newBrowserContext(browser, server.baseUrl);
      const session = new Session(name, context, await context.newPage());
      open.push(session);
      return session;
    },
  };
}
