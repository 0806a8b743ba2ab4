import { generatePeople } from './bench/linkage/synthetic-people.ts';
import { dedupe } from './src/modules/linkage/engine.ts';
import { evaluate } from './src/modules/linkage/evaluation.ts';
const n = Number(process.argv[2] ?? 100000);
let t = performance.now();
const people = generatePeople({ records: n, seed: 1 });
console.log('generated', n, ((performance.now() - t) / 1000).toFixed(1), 's');
const records = people.map((p) => ({ givenName: p.given_name, familyName: p.family_name, sex: p.sex, dateOfBirth: p.date_of_birth, postcode: p.postcode, address: p.address, nhsNumber: p.nhs_number }));
t = performance.now();
const r = dedupe(records, { onProgress: (s, d, tot) => { if (d === tot) console.log(s, ((performance.now() - t) / 1000).toFixed(1)); } });
console.log(JSON.stringify(r.comparisons.byRule.map(x => [x.rule, x.comparisons])), r.comparisons.total, r.seconds, r.training);
const e = evaluate(r.pairs, people.map(p => p.person_id), null, 0.9);
console.log(JSON.stringify(e.atThreshold), 'best', e.best.accuracy.f1, e.best.probability);
console.log('rss MB', Math.round(process.memoryUsage().rss / 1e6));
import { comparePair, COMPARISONS } from './src/modules/linkage/comparisons.ts';
const hist = new Map<string, number>(); const lv = new Int8Array(7);
for (const p of r.pairs) { if (p.probability < 0.9 || people[p.left]!.person_id === people[p.right]!.person_id) continue; comparePair(r.sides.left, p.left, r.sides.left, p.right, lv); const k = Array.from(lv).join(','); hist.set(k, (hist.get(k) ?? 0) + 1); }
console.log([...hist].sort((a, b) => b[1] - a[1]).slice(0, 10));
console.log(JSON.stringify(r.model.comparisons.map(c => [c.key, c.m.map(x=>+x.toFixed(4)), c.u.map(x=>+x.toExponential(2))])), r.model.prior);
