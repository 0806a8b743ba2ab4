/**
 * What a database holds, read the same way on PGlite and on PostgreSQL: the rows in each of the
 * product's tables, the audit log's length and the last migration. A backup records it; a restore
 * checks the restored database against it, and refuses to replace a database that holds anything.
 */
type Rows = Record<string, unknown>[];
export type Query = (text: string) => Promise<Rows>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface Inventory {
  migration: string | null;
  auditEntries: number;
  rows: Record<string, number>;
}

/** Tables in any schema but the system's: a database with none is empty. */
export async function userTables(query: Query): Promise<string[]> {
  const rows = await query(`SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2`);
  return rows.map((r) => `${r.schema}.${r.name}`);
}

export async function inventory(query: Query): Promise<Inventory> {
  const tables = (
    await query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' ORDER BY 1`)
  ).map((r) => String(r.name));
  const rows: Record<string, number> = {};
  if (tables.length) {
    // One statement for every count: a consistent view even outside a snapshot.
    const counts = await query(
      tables
        .map((t) => `SELECT ${`'${t.replaceAll("'", "''")}'`} AS name, count(*) AS n FROM public.${quote(t)}`)
        .join(' UNION ALL '),
    );
    for (const c of counts) rows[String(c.name)] = Number(c.n);
  }
  const migration = tables.includes('schema_migration')
    ? (((await query('SELECT max(name) AS name FROM public.schema_migration'))[0]?.name as string | null) ??
      null)
    : null;
  return { migration, auditEntries: rows.audit_log ?? 0, rows };
}

/** The differences between what a backup recorded and what a restored database holds. */
export function compareRows(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(expected)) {
    if (!(table in actual)) problems.push(`table ${table} is missing (the backup had ${n} rows)`);
    else if (actual[table] !== n)
      problems.push(`table ${table} has ${actual[table]} rows, the backup had ${n}`);
  }
  for (const table of Object.keys(actual))
    if (!(table in expected)) problems.push(`table ${table} was not in the backup`);
  return problems;
}
