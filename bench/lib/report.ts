/** Small statistics and the results table. */

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type Status = 'PASS' | 'MISSED' | 'INVALID' | 'MISMATCH' | 'OK' | 'FAILED' | '';

export interface Row {
  part: string;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  goal: string;
  status: Status;
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '–';
  const r = value / baseline;
  return `${r >= 10 ? fmt(r, 1) : fmt(r, 2)}×`;
}

export function printTable(rows: Row[]): void {
  const headers: Record<keyof Row, string> = {
    part: 'Part',
    measure: 'Measure',
    value: 'Value',
    baseline: 'Baseline (same run)',
    ratio: 'Ratio',
    goal: 'Goal',
    status: 'Status',
  };
  const keys = Object.keys(headers) as (keyof Row)[];
  const width = (key: keyof Row) => Math.max(...[headers, ...rows].map((r) => r[key].length));
  const widths = Object.fromEntries(keys.map((k) => [k, width(k)])) as Record<keyof Row, number>;
  const right = new Set<keyof Row>(['value', 'ratio']);
  const line = (r: Record<keyof Row, string>) =>
    keys.map((k) => (right.has(k) ? r[k].padStart(widths[k]) : r[k].padEnd(widths[k]))).join(' │ ');
  const rule = keys.map((k) => '─'.repeat(widths[k])).join('─┼─');
  console.log(line(headers));
  console.log(rule);
  let part = '';
  for (const row of rows) {
    if (part && row.part !== part) console.log(rule);
    part = row.part;
    console.log(line(row));
  }
}
