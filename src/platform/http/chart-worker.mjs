/**
 * Draws a vega-lite spec (its config already merged) as an SVG string. Run on the chart thread
 * (charts.ts): compiling and drawing a chart takes 50–150 ms of CPU, which on the server's own
 * thread every other request would wait behind. Plain JavaScript, so the thread needs no loader.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

export default async function drawChart(spec) {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
