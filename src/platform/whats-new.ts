/**
 * "What's new for me": what has happened for the signed-in person since they last looked (a
 * notice to their setting, feedback on an incident they recorded, an escalation…), with a count
 * in the header of every page and a list at /whats-new.
 *
 * The contract: a module's manifest may give a `whatsNew(services)` source (define-module.ts).
 * Each source decides what is new for a reader from the reader's permissions and scope (never
 * their role's name), keeps its own "last looked" per person, counts in ONE query, and lists the
 * items. Listing them records that the person looked.
 *
 * What it costs a page: the count is cached per person in this process for 60 seconds
 * (COUNT_TTL_MS), so a page is a map look-up, and a person browsing makes at most one count query
 * a minute. Opening the list clears the person's cached count. With several processes, another
 * process may show a count up to a minute old: the price of not counting on every page.
 */
import type { FastifyInstance } from 'fastify';
import type { AuditEvent } from './audit/audit-log.ts';
import type { Permissions } from './auth/permissions.ts';
import type { Db } from './db/client.ts';
import * as clock from './clock.ts';

/** Who is asking: the signed-in person and what they may see. */
export interface WhatsNewReader {
  userId: string;
  permissions: Permissions;
}

/** One new thing: what it is in words, where to see it, when it happened. */
export interface WhatsNewItem {
  text: string;
  href: string;
  at: Date;
  /** The record it names, when it names a child: each listed is an entry in the audit log. */
  record?: { type: string; id: string; childId: string | null };
}

/** A source's items under one heading ("Notices to your setting"). */
export interface WhatsNewSection {
  title: string;
  items: WhatsNewItem[];
}

/** What a module gives the platform, from its manifest's `whatsNew(services)`. */
export interface WhatsNewSource {
  /** How many things are new for the reader since they last looked: one database round trip at most. */
  count(reader: WhatsNewReader): Promise<number>;
  /** The new things, newest first, under headings; sections with nothing new may be left out. */
  list(reader: WhatsNewReader): Promise<WhatsNewSection[]>;
  /** The reader has seen the list: nothing that happened up to `at` is new for them any more. */
  looked(reader: WhatsNewReader, at: Date): Promise<void>;
}

/** How long a person's count is kept in this process before it is counted again. */
export const COUNT_TTL_MS = 60_000;
/** A bound on the cache: far above the people signed in at once. */
const MAX_CACHED = 10_000;

/** Each person's count, cached in this process (see the file's note on cost). */
export class WhatsNewCounts {
  readonly #cache = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly sources: readonly WhatsNewSource[],
    private readonly now: () => number = () => clock.now().getTime(),
  ) {}

  async count(reader: WhatsNewReader): Promise<number> {
    const now = this.now();
    const cached = this.#cache.get(reader.userId);
    if (cached && cached.until > now) return cached.count;
    let count = 0;
    for (const source of this.sources) count += await source.count(reader);
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(reader.userId, { count, until: now + COUNT_TTL_MS });
    return count;
  }

  /** The person opened the list: their next page counts again. */
  forget(userId: string): void {
    this.#cache.delete(userId);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** How many things are new for the signed-in person (the header's count); null when not counted. */
    whatsNewCount: number | null;
  }
}

/**
 * The header's count on every page a signed-in person opens (GET), and the list at /whats-new.
 * Call before the modules' routes, so the hook applies to them.
 */
export function registerWhatsNew(
  app: FastifyInstance,
  deps: { db: Db; sources: readonly WhatsNewSource[]; counts?: WhatsNewCounts },
): WhatsNewCounts {
  const counts = deps.counts ?? new WhatsNewCounts(deps.sources);
  app.decorateRequest('whatsNewCount', null);
  app.addHook('preHandler', async (request) => {
    if (!request.user || request.method !== 'GET' || !deps.sources.length) return;
    request.whatsNewCount = await counts.count({ userId: request.user.id, permissions: request.permissions });
  });

  app.get(
    '/whats-new',
    { config: { permission: 'home:view', audit: { action: 'list', recordType: 'whats-new' } } },
    async (request, reply) => {
      const reader = { userId: request.user!.id, permissions: request.permissions };
      const at = clock.now();
      const sections = (await Promise.all(deps.sources.map((s) => s.list(reader)))).flat();
      const events: AuditEvent[] = sections.flatMap((s) =>
        s.items.flatMap((item) =>
          item.record
            ? [
                {
                  action: 'list',
                  recordType: item.record.type,
                  recordId: item.record.id,
                  childId: item.record.childId,
                },
              ]
            : [],
        ),
      );
      await request.audit(deps.db, events.length ? events : { action: 'list', recordType: 'whats-new' });
      for (const source of deps.sources) await source.looked(reader, at);
      counts.forget(reader.userId);
      // This page's own header: nothing is new once it is shown.
      request.whatsNewCount = 0;
      return reply.page('pages/whats-new.njk', {
        title: 'What’s new for you',
        sections: sections.filter((s) => s.items.length),
      });
    },
  );
  return counts;
}
