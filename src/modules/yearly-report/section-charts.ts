/**
 * The report's charts: each section's series drawn on the server as an SVG bar chart (the
 * platform's vega-lite helper, no script in the page or the PDF), always printed beside a table of
 * the same rows. Drawn from the section's data each time the page is shown, so a frozen version
 * draws exactly the numbers it froze.
 */
import { type Chart, labelledCountChart, percentageBarChart } from '../../platform/http/charts.ts';
import type { ReportChart } from '../../platform/modules/define-module.ts';
import type { Section } from './figures.ts';

export interface DrawnChart {
  chart: ReportChart;
  drawn: Chart;
  /** A percentage chart's rows print with a % sign in the table too. */
  suffix: string;
}

const summaryOf = (c: ReportChart) => {
  const top = [...c.rows].sort((a, b) => b.value - a.value)[0];
  const unit = c.unit === 'percentage' ? '%' : '';
  return top
    ? `${c.title}: ${c.rows.length} ${c.rows.length === 1 ? 'bar' : 'bars'}; the highest is ${top.label} at ${top.value.toLocaleString('en-GB')}${unit}. The table beside it gives every value.`
    : `${c.title}: no data in the period.`;
};

/** Percentages as the platform's percentage bars, counts as its labelled count bars. */
function barChart(c: ReportChart, id: string): Promise<Chart> {
  const options = {
    id,
    label: `Bar chart: ${c.title}`,
    summary: summaryOf(c),
    axisTitle: c.axisTitle,
    categoryTitle: c.categoryTitle,
    data: c.rows,
  };
  return c.unit === 'percentage' ? percentageBarChart(options) : labelledCountChart(options);
}

/** Every section's charts, in section order (an empty list for a section without any). */
export async function drawSectionCharts(sections: readonly Section[]): Promise<DrawnChart[][]> {
  return Promise.all(
    sections.map((s, i) =>
      Promise.all(
        (s.charts ?? [])
          .filter((c) => c.rows.length > 0)
          .map(async (chart, j) => ({
            chart,
            drawn: await barChart(chart, `chart-${i + 1}-${j + 1}`),
            suffix: chart.unit === 'percentage' ? '%' : '',
          })),
      ),
    ),
  );
}

/** What a page draws after each section's figures: charts, strengths, areas of focus, quotes. */
export interface SectionExtras {
  charts: DrawnChart[];
  strengths: NonNullable<Section['notes']>;
  focus: NonNullable<Section['notes']>;
  quotes: NonNullable<Section['quotes']>;
}

export async function sectionExtras(sections: readonly Section[]): Promise<SectionExtras[]> {
  const charts = await drawSectionCharts(sections);
  return sections.map((s, i) => ({
    charts: charts[i] ?? [],
    strengths: (s.notes ?? []).filter((n) => n.kind === 'strength'),
    focus: (s.notes ?? []).filter((n) => n.kind === 'area-of-focus'),
    quotes: s.quotes ?? [],
  }));
}
