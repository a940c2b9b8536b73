// `npm run fuzz [cases]`: every target of targets.ts with at least 100 000 cases, one table at the end.
import fc from 'fast-check';
import { targets } from './targets.ts';

const numRuns = Math.max(100_000, Number(process.argv[2] ?? 0) || 0);
const rows: string[] = [];
let failed = false;
for (const target of targets) {
  const started = performance.now();
  const result = await fc.check(target.property(), { numRuns });
  const seconds = (performance.now() - started) / 1000;
  const status = result.failed ? `FAILED (seed ${result.seed}, path ${result.counterexamplePath})` : 'ok';
  if (result.failed) {
    failed = true;
    console.error(`${target.name}: counterexample ${fc.stringify(result.counterexample)}\n${String(result.errorInstance)}`);
  }
  rows.push(`| ${target.name.padEnd(42)} | ${String(result.numRuns).padStart(7)} | ${seconds.toFixed(1).padStart(6)} s | ${status}`);
  console.log(rows.at(-1));
}
console.log(`\n| target | cases | time | result\n${rows.join('\n')}`);
process.exitCode = failed ? 1 : 0;
