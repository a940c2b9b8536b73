// `npm run fuzz [cases]`: every target of targets.ts with at least 100 000 cases, one table at the end.
import { targets } from './targets.ts';

const numRuns = Math.max(100_000, Number(process.argv[2] ?? 0) || 0);
const rows: string[] = [];
let failed = false;
for (const target of targets) {
  const started = performance.now();
  const outcome = await target.check(numRuns);
  const seconds = (performance.now() - started) / 1000;
  if (outcome.failed) {
    failed = true;
    console.error(`${target.name}: ${outcome.report}`);
  }
  rows.push(`| ${target.name.padEnd(42)} | ${String(outcome.numRuns).padStart(7)} | ${seconds.toFixed(1).padStart(6)} s | ${outcome.failed ? 'FAILED' : 'ok'} |`);
  console.log(rows.at(-1));
}
console.log(`\n| ${'target'.padEnd(42)} |   cases |   time   | result |\n${rows.join('\n')}`);
process.exitCode = failed ? 1 : 0;
