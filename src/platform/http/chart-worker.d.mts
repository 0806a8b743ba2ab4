/** Draws a vega-lite spec (its config already merged) as an SVG string. */
export default function drawChart(spec: unknown): Promise<string>;
