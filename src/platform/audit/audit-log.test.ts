import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../testing/database.ts';
import {
  type AuditActor,
  GENESIS_HASH,
  appendAudit,
  appendAudits,
  auditAppended,
  auditEntryParameter,
  verifyAuditChain,
  writeAudit,
} from './audit-log.ts';

const actor: AuditActor = {
  userId: null,
  userEmail: 'tester@test.example',
  role: 'partnership_admin',
  organisationId: null,
  ip: '127.0.0.1',
  requestId: 'req-1',
};

describe('audit log', () => {
  let database: TestDatabase;
  const entries = () =>
    database.db.selectFrom('auditLog').selectAll().orderBy('lane').orderBy('seq').execute();

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('chains each lane’s entries with no gaps, each hash over the one before', async () => {
    for (let i = 0; i < 8; i++)
      await writeAudit(database.db, actor, { action: 'view', recordType: 'setting', recordId: i });
    const all = await entries();
    expect(all).toHaveLength(8);
    const lanes = new Map<number, typeof all>();
    for (const e of all) lanes.set(e.lane, [...(lanes.get(e.lane) ?? []), e]);
    for (const chain of lanes.values()) {
      expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
      expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    }
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 8 });
  });

  it('keeps every chain whole under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        writeAudit(database.db, actor, { action: 'view', recordType: 'child', recordId: `c${i}` }),
      ),
    );
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 48 });
  });

  it('hashes in the database exactly as the verifier hashes in Node, whatever the text', async () => {
    const awkward = [
      'Zoë “quoted” \\ back\\slash',
      'line\nbreak\ttab\u0001',
      'emoji 🧒 and \u2028 separator',
      "O'Brien </script>",
    ];
    for (const reason of awkward) {
      await writeAudit(
        database.db,
        { ...actor, userId: '00000000-0000-4000-8000-000000000001', organisationId: 7 },
        {
          action: 'export',
          recordType: 'child',
          recordId: 'x',
          childId: '00000000-0000-4000-8000-000000000002',
          reason,
        },
      );
    }
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 52 });
    const stored = await database.db
      .selectFrom('auditLog')
      .select('reason')
      .where('action', '=', 'export')
      .execute();
    expect(stored.map((r) => r.reason).sort()).toEqual([...awkward].sort());
  });

  it('appends several entries in one call, in order, on the same chain rules', async () => {
    const before = (await verifyAuditChain(database.db)).entries;
    const written = await appendAudits(database.db, actor, [
      { action: 'create', recordType: 'encompass-incident', recordId: 'i-1' },
      {
        action: 'match',
        recordType: 'child',
        recordId: 'c-1',
        childId: '00000000-0000-4000-8000-000000000003',
        reason: 'line\nbreak “quoted”',
      },
      { action: 'create', recordType: 'encompass-notice', recordId: 'n-1' },
    ]);
    expect(written).toBe(3);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before + 3 });
    const last = await database.db
      .selectFrom('auditLog')
      .select(['recordId', 'lane', 'seq'])
      .where('recordId', 'in', ['i-1', 'c-1', 'n-1'])
      .orderBy('lane')
      .orderBy('seq')
      .execute();
    expect(last.map((e) => e.recordId)).toEqual(['i-1', 'c-1', 'n-1']);
  });

  it('rolls back with the action it records', async () => {
    const before = await verifyAuditChain(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAudit(trx, actor, { action: 'update', recordType: 'setting', recordId: 1 });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await verifyAuditChain(database.db)).toEqual(before);
  });

  it('appends a read’s entry in the read’s own statement, once, and only when the record is there', async () => {
    const before = (await entries()).length;
    const entry = auditEntryParameter(
      { ...actor, requestId: 'req-read' },
      { action: 'view', recordType: 'probe', recordId: 1 },
    );
    const read = (id: number) =>
      sql<{
        id: number;
        audited: number;
      }>`SELECT v.id, ${auditAppended(entry)} AS audited FROM (VALUES (1), (1)) AS v(id) WHERE v.id = ${id}`.execute(
        database.db,
      );
    expect((await read(2)).rows).toEqual([]);
    expect(await entries()).toHaveLength(before);
    expect((await read(1)).rows).toEqual([
      { id: 1, audited: 1 },
      { id: 1, audited: 1 },
    ]);
    const written = (await entries()).filter((e) => e.requestId === 'req-read');
    expect(written).toMatchObject([
      { action: 'view', recordType: 'probe', recordId: '1', userEmail: actor.userEmail, outcome: 'success' },
    ]);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('refuses updates, deletes and truncation', async () => {
    await expect(
      sql`UPDATE audit_log SET action = 'nothing' WHERE seq = 1`.execute(database.db),
    ).rejects.toThrow();
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(database.db)).rejects.toThrow();
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow();
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('names the first entry altered, deleted or out of order when someone gets past the guards', async () => {
    // The longest lane, to tamper with its middle.
    const longest = await database.db
      .selectFrom('auditLog')
      .select(['lane', (eb) => eb.fn.max('seq').as('last')])
      .groupBy('lane')
      .orderBy('last', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const lane = longest.lane;
    expect(Number(longest.last)).toBeGreaterThanOrEqual(4);
    // Only an owner who deliberately switches the guards off can change the table: do that here.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(database.db);
    await sql.raw('GRANT UPDATE, DELETE ON audit_log TO CURRENT_USER').execute(database.db);
    try {
      await sql`UPDATE audit_log SET reason = 'edited' WHERE lane = ${lane} AND seq = 2`.execute(database.db);
      expect(await verifyAuditChain(database.db)).toMatchObject({
        ok: false,
        lane,
        seq: 2,
        problem: 'altered',
      });
      await sql`UPDATE audit_log SET reason = NULL WHERE lane = ${lane} AND seq = 2`.execute(database.db);
      expect((await verifyAuditChain(database.db)).ok).toBe(true);

      await sql`DELETE FROM audit_log WHERE lane = ${lane} AND seq = 3`.execute(database.db);
      expect(await verifyAuditChain(database.db)).toMatchObject({
        ok: false,
        lane,
        seq: 3,
        problem: 'deleted',
      });

      // Renumber the rest so no gap shows: the hashes still give it away.
      await sql`UPDATE audit_log SET seq = seq - 1 WHERE lane = ${lane} AND seq > 3`.execute(database.db);
      const result = await verifyAuditChain(database.db);
      expect(result).toMatchObject({ ok: false, lane, seq: 3 });
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(database.db);
      await sql.raw('REVOKE UPDATE, DELETE ON audit_log FROM CURRENT_USER').execute(database.db);
    }
  });
});
