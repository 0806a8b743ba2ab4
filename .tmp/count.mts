import { openDatabase } from '/work/wt-front-door/src/platform/db/client.ts';
import { sql } from 'kysely';
const d = await openDatabase({ dataDir: '/tmp/fd-seed' });
for (const t of ['front_door_referral','front_door_strategy_discussion','front_door_icpc','front_door_cp_plan','front_door_audit_case','journey_event','audit_log','action_item'])
  console.log(t, (await sql<{n:number}>`select count(*)::int as n from ${sql.table(t)}`.execute(d.db)).rows[0]);
console.log((await sql`select status, count(*)::int n, sum(case when met_threshold then 1 else 0 end)::int met from front_door_referral group by status`.execute(d.db)).rows);
console.log((await sql`select quorate, count(*)::int n from front_door_strategy_discussion group by quorate`.execute(d.db)).rows);
console.log((await sql`select count(*)::int n from front_door_cp_plan where ended_on is null`.execute(d.db)).rows);
await d.close();
