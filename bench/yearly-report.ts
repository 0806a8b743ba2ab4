/**
 * yearly-report – the demo partnership's yearly report with every section, on PostgreSQL: the
 * draft's web page (every module's section built live for the year to 31 March, checked and
 * rendered) over HTTP, and the published version's PDF printed by Chromium over HTTP. Beside the
 * web page: the sum of the sections' own query times in the same request (the server measures
 * each module's reportSection and prints the sum on the page). Goals: page < 3 s, PDF < 10 s.
 */
import { performance } from 'node:perf_hooks';
import { createServices, stopServices } from '../src/modules.ts';
import { loadConfig } from '../src/platform/config/index.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createLogger } from '../src/platform/logging/logger.ts';
import { type Options, childEnv, logFile, progress, root, tempDir } from './lib/context.ts';
import { recreateDatabase } from './lib/postgres.ts';
import { type ProcessGroup, freePort, spawnGroup, stopGroup, waitFor200 } from './lib/processes.ts';
import { type Row, fmt, median, ratio } from './lib/report.ts';
import { signIn } from './lib/sign-in.ts';

export const YEARLY_REPORT_GOALS = { yearlyReportPageMs: 3_000, yearlyReportPdfMs: 10_000 };

const ADMIN_EMAIL = 'partnership.admin@demo.safeguarding-hub.example';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo-password-not-for-real-use';
const RUNS = 3;

export async function measureYearlyReport(options: Options): Promise<Row[]> {
  const benchDb = await recreateDatabase(options.pgUrl, 'sgh_bench_yearly_report');
  progress(
    `yearly-report: starting the server on sgh_bench_yearly_report (demo seed, ${options.children} children)…`,
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ProcessGroup | undefined;
  try {
    server = spawnGroup(
      'npm start (PostgreSQL)',
      'npm',
      ['start', '--', '--children', String(options.children)],
      {
        cwd: root,
        env: childEnv({
          PORT: String(port),
          DATA_DIR: tempDir('sgh-bench-yearly-report-'),
          DATABASE_URL: benchDb,
          DATABASE_POOL_SIZE: '10',
          LOG_LEVEL: 'warn',
          JOBS: 'off',
        }),
        logFile,
      },
    );
    await waitFor200(`${base}/ping`, server, { intervalMs: 200, timeoutMs: 900_000 });

    // The demo draft, made publishable here (waivers with a reason, the three partners' sign-off)
    // through the module's own service, so that its PDF can be printed.
    const database = await openDatabase({ databaseUrl: benchDb, poolSize: 4 });
    const config = loadConfig({ ...childEnv({}), DATABASE_URL: benchDb, JOBS: 'off', LOG_LEVEL: 'silent' });
    const services = await createServices(config, database, createLogger('silent'), { jobs: false });
    let reportId: number;
    let versionId: number;
    let sectionCount: number;
    try {
      const report = (await services.yearlyReport.list())[0];
      if (!report) throw new Error('the demo seed made no yearly report');
      reportId = report.id;
      const built = await services.yearlyReport.build(report);
      sectionCount = built.sections.length;
      for (const p of built.problems)
        if (p.waiver) await services.yearlyReport.waive(report.id, null, { ...p.waiver, reason: 'bench' });
      const executives = await database.db
        .selectFrom('authAccount')
        .select('id')
        .where('role', '=', 'executive')
        .orderBy('email')
        .execute();
      for (const [i, partner] of (['local_authority', 'police', 'health'] as const).entries())
        if (executives[i]) await services.yearlyReport.approve(report.id, executives[i]!.id, partner);
      const published = await services.yearlyReport.publish(report.id, null);
      if (!published.ok)
        throw new Error(
          `the demo report could not be published: ${JSON.stringify(published.errors.summary)}`,
        );
      versionId = published.value.id;
    } finally {
      await stopServices(services);
      await database.close();
    }

    const cookie = await signIn(base, ADMIN_EMAIL, DEMO_PASSWORD);
    const page = async () => {
      const t0 = performance.now();
      const response = await fetch(`${base}/yearly-reports/${reportId}`, {
        headers: { cookie, accept: 'text/html' },
      });
      const html = await response.text();
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`the draft page answered ${response.status}`);
      const sections = /their queries took (\d+) ms/.exec(html);
      if (!sections) throw new Error('the draft page does not say its sections’ query time');
      return { ms, sectionsMs: Number(sections[1]) };
    };
    const pdf = async () => {
      const t0 = performance.now();
      const response = await fetch(`${base}/reports/yearly/${versionId}/pdf`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const ms = performance.now() - t0;
      if (response.status !== 200 || new TextDecoder().decode(bytes.subarray(0, 5)) !== '%PDF-')
        throw new Error(`the PDF answered ${response.status}`);
      return { ms, bytes: bytes.length };
    };
    await page(); // warm-up
    const pages = [];
    for (let i = 0; i < RUNS; i++) pages.push(await page());
    const pdfs = [];
    for (let i = 0; i < RUNS; i++) pdfs.push(await pdf());
    const pageMs = median(pages.map((p) => p.ms));
    const sectionsMs = median(pages.map((p) => p.sectionsMs));
    const pdfMs = median(pdfs.map((p) => p.ms));
    progress(
      `yearly-report: ${sectionCount} sections; page ${fmt(pageMs)} ms (sections' queries ${fmt(sectionsMs)} ms); PDF ${fmt(pdfMs)} ms, ${fmt(pdfs[0]!.bytes)} bytes`,
    );
    return [
      {
        part: 'yearly-report',
        measure: `draft web page, every section built live (${sectionCount} sections, ${options.children} children; median of ${RUNS})`,
        value: `${fmt(pageMs)} ms`,
        baseline: `sections' own queries ${fmt(sectionsMs)} ms`,
        ratio: ratio(pageMs, sectionsMs),
        goal: `< ${YEARLY_REPORT_GOALS.yearlyReportPageMs} ms`,
        status: pageMs < YEARLY_REPORT_GOALS.yearlyReportPageMs ? 'PASS' : 'MISSED',
      },
      {
        part: 'yearly-report',
        measure: `published report's PDF by Chromium (median of ${RUNS})`,
        value: `${fmt(pdfMs)} ms`,
        baseline: `sections' own queries ${fmt(sectionsMs)} ms`,
        ratio: ratio(pdfMs, sectionsMs),
        goal: `< ${YEARLY_REPORT_GOALS.yearlyReportPdfMs} ms`,
        status: pdfMs < YEARLY_REPORT_GOALS.yearlyReportPdfMs ? 'PASS' : 'MISSED',
      },
    ];
  } finally {
    if (server) await stopGroup(server);
  }
}
