/** Prometheus metrics: process defaults, HTTP request durations by route, and the time pages take to draw. */
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Drawing a page (Nunjucks, then UTF-8) runs on the event loop: a slow template holds every
  // other request. By template, so the slow ones can be found.
  const pageRender = new Histogram({
    name: 'page_render_seconds',
    help: 'Time to render a page from its template and encode it, by template',
    labelNames: ['template'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  });
  return { registry, httpDuration, pageRender };
}

export type Metrics = ReturnType<typeof createMetrics>;
