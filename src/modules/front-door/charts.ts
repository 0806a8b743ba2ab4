/**
 * The dashboard's charts: the platform's server-side charts (src/platform/http/charts.ts, vega-lite
 * rendered to an accessible SVG fit for the page's CSP), under the names the front door's pages
 * use. Each sits beside a table of the same figures.
 */
import { type Chart, countBarChart, percentageBarChart } from '../../platform/http/charts.ts';

export type { Chart } from '../../platform/http/charts.ts';

/** Horizontal bars of percentages (0–100), each labelled with its value; no category title. */
export function percentageBars(options: {
  id: string;
  label: string;
  summary: string;
  axisTitle: string;
  data: { label: string; value: number }[];
}): Promise<Chart> {
  return percentageBarChart({ ...options, categoryTitle: '' });
}

/** Vertical bars of counts over time. */
export const countBars = countBarChart;
