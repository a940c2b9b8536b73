// `npm run bench`: runs every test/bench/*.bench.ts suite (each default-exports a BenchSuite) in
// the same process and prints one table. A suite that needs pcscd says so in its rows when absent.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, type BenchRow, type BenchSuite } from './table.ts';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchRow[] = [];
let failed = false;
for (const file of suites) {
  const suite = (await import(join(dir, file))).default as BenchSuite;
  try {
    rows.push(...(await suite()));
  } catch (error) {
    failed = true;
    console.error(`${file} failed:`, error);
  }
}
console.log(formatTable(rows));
process.exitCode = failed ? 1 : 0;
