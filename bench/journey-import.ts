/**
 * One side of the Annex A import bench, run in a process of its own so that its peak RSS is its
 * own: `parse FILE` reads every row of every sheet with the import's reader and nothing more (the
 * baseline); `import FILE DATABASE_URL` imports the file. Prints one JSON line.
 */
import { openDatabase } from '../src/platform/db/client.ts';
import { XlsxReader, importAnnexA } from '../src/modules/journey/index.ts';

const [mode, file, url] = process.argv.slice(2);
const started = performance.now();
if (mode === 'parse') {
  const reader = await XlsxReader.open(file!);
  let rows = 0;
  for (const sheet of reader.sheets.keys()) for await (const _ of reader.rows(sheet)) rows++;
  const ms = performance.now() - started;
  console.log(JSON.stringify({ rows, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
} else if (mode === 'import') {
  const database = await openDatabase({ databaseUrl: url!, poolSize: 2 });
  const report = await importAnnexA(database.db, file!);
  const ms = performance.now() - started;
  await database.close();
  console.log(
    JSON.stringify({
      rows: report.rowsRead,
      imported: report.rowsImported,
      problems: report.problems.length,
      inserted: report.eventsInserted,
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
} else {
  console.error('usage: journey-import.ts parse FILE | import FILE DATABASE_URL');
  process.exit(2);
}
