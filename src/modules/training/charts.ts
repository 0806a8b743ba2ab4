/**
 * Training's charts: the platform's labelled counts and percentages (platform/http/charts.ts),
 * where the drawing, fonts, colours and the SVG made fit for the CSP and screen readers live.
 */
export { labelledCountChart, percentageBarChart } from '../../platform/http/charts.ts';
