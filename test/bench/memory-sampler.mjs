// Loaded into the card process by the memory bench only (NODE_OPTIONS="--expose-gc --import <this>"
// for the forked worker): on SIGUSR2 it collects garbage twice and writes the process's heap used and
// RSS to $EID_BENCH_MEMORY_FILE, so the card process is measured after a full GC like the web host.
// Plain JavaScript: it runs before the worker's TypeScript loader.
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.EID_BENCH_MEMORY_FILE;
let seq = 0;
if (file && typeof globalThis.gc === 'function') {
  const gc = globalThis.gc;
  process.on('SIGUSR2', () => {
    gc();
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    seq += 1;
    writeFileSync(`${file}.tmp`, JSON.stringify({ seq, heapUsed, rss }));
    renameSync(`${file}.tmp`, file); // whole or not at all for the reader
  });
}
