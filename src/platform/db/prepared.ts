/**
 * Prepared queries, for the few statements every page runs (the session look-up, the audit
 * append) and a module's hottest page.
 *
 * A Kysely query is built, transformed and compiled to SQL on every call, and PostgreSQL then
 * parses and plans that SQL again: on the audited bench page that was about a tenth of the
 * server's CPU and 0.4 ms of PostgreSQL's 1.3 ms per page (planning the session look-up and the
 * setting's query, measured with pg_stat_statements). A prepared query is built and compiled
 * once, with placeholders for its arguments; each call only fills in the values, and runs as a
 * named statement, which PostgreSQL parses once per connection and plans once it has a generic
 * plan.
 *
 * The build function must use its arguments as values only (`where('id', '=', id)`, `${id}`):
 * it runs once, with placeholders, so it cannot branch on them.
 */
import type { CompiledQuery, Compilable, Kysely, RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

/** Stands for an argument while the query is compiled. */
class Placeholder {
  constructor(readonly index: number) {}
}

/** SQL text → the statement name it runs under; the same on every connection. */
const statementNames = new Map<string, string>();
let statements = 0;

/** The name a prepared query's SQL runs under, or undefined for any other SQL. */
export function preparedStatementName(sqlText: string): string | undefined {
  return statementNames.get(sqlText);
}

/**
 * A new name for a statement whose cached plan PostgreSQL refused ("cached plan must not change
 * result type", after a migration changed a table under it): the next use prepares it afresh.
 */
export function renamePreparedStatement(sqlText: string): string {
  const name = `sgh_${++statements}`;
  statementNames.set(sqlText, name);
  return name;
}

type Built<O> = Compilable<O> | RawBuilder<O>;

export interface PreparedQuery<Args extends unknown[], O> {
  /** Every row. */
  execute(db: Kysely<Database>, ...args: Args): Promise<O[]>;
  /** The first row, if any. */
  takeFirst(db: Kysely<Database>, ...args: Args): Promise<O | undefined>;
  /** The SQL it runs. */
  sqlFor(db: Kysely<Database>): string;
}

/**
 * A query compiled once (on its first use) and run as a named prepared statement. Works in a
 * transaction too: pass the transaction as `db`.
 */
export function preparedQuery<Args extends unknown[], O>(
  build: (db: Kysely<Database>, ...args: Args) => Built<O>,
): PreparedQuery<Args, O> {
  const arity = build.length - 1;
  let compiled: CompiledQuery<O> | undefined;
  /** For each parameter of the SQL: the argument it takes, or the constant the build put there. */
  let slots: ({ arg: number } | { value: unknown })[] = [];

  const compile = (db: Kysely<Database>): CompiledQuery<O> => {
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i));
    const query = (build(db, ...(placeholders as unknown as Args)) as RawBuilder<O>).compile(db);
    slots = query.parameters.map((p) => (p instanceof Placeholder ? { arg: p.index } : { value: p }));
    for (const p of placeholders) {
      if (!slots.some((s) => 'arg' in s && s.arg === p.index)) {
        throw new Error(`A prepared query must use argument ${p.index + 1} as a value: ${query.sql}`);
      }
    }
    if (!statementNames.has(query.sql)) renamePreparedStatement(query.sql);
    compiled = query;
    return query;
  };

  const run = async (db: Kysely<Database>, args: Args) => {
    if (args.length !== arity)
      throw new Error(`A prepared query takes ${arity} arguments, not ${args.length}`);
    const query = compiled ?? compile(db);
    const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<O>({ ...query, parameters });
    return result.rows;
  };

  return {
    execute: (db, ...args) => run(db, args),
    takeFirst: async (db, ...args) => (await run(db, args))[0],
    sqlFor: (db) => (compiled ?? compile(db)).sql,
  };
}
