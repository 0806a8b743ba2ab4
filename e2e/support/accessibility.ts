/** axe-core, injected into the page under test and run against the whole document. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './server.ts';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; failureSummary: string }[];
}

let axeSource: string | undefined;

function axeScript(): string {
  axeSource ??= fs.readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** Runs axe on the page's current document and returns its violations (an empty list when clean). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const injected = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe === 'object',
  );
  // Evaluated through the DevTools protocol rather than as an inline <script>, so the page's own
  // Content-Security-Policy stays in force during the tests.
  if (!injected) await page.evaluate(axeScript());
  return page.evaluate(async (tags) => {
    // The page's global, from the script just added.
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target
          .map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part)))
          .join(' '),
        html: node.html.length > 160 ? `${node.html.slice(0, 157)}...` : node.html,
        failureSummary: (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' '),
      })),
    }));
  }, AXE_TAGS);
}

/** One violation a line, then each element it was found on. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      at ${n.target}\n         ${n.html}\n         ${n.failureSummary}`)
        .join('\n');
      return `  - ${v.id} [${v.impact ?? 'unknown impact'}]: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}
