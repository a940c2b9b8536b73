// One shape for every benchmark so `npm run bench` prints one table.
export interface BenchRow {
  /** What was measured, e.g. "1.8 in-process: read identity+address+photo". */
  readonly name: string;
  /** Measured value with its unit, e.g. { value: 12, unit: 'APDUs' }. */
  readonly measured: { readonly value: number; readonly unit: string };
  /** What it is compared with (floor, eid-mw trace, raw verify rate…), same unit. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** The goal as text and whether it holds, e.g. "≤ floor + 1". */
  readonly goal?: { readonly text: string; readonly met: boolean };
}

export type BenchSuite = () => Promise<BenchRow[]>;

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = rows.map((row) => [
    row.name,
    `${round(row.measured.value)} ${row.measured.unit}`,
    row.baseline ? `${row.baseline.label}: ${round(row.baseline.value)}` : '',
    row.baseline && row.baseline.value !== 0 ? `${round(row.measured.value / row.baseline.value)}×` : '',
    row.goal ? `${row.goal.met ? 'OK ' : 'MISS'} ${row.goal.text}` : '',
  ]);
  const header = ['benchmark', 'measured', 'baseline', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2).replace(/\.?0+$/, '');
}
