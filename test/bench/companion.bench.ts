// The companion's own figures, with the in-process virtual card in a forked card process (no pcscd):
// how long the UI shows "reconnecting" after the card process is killed with SIGKILL (goal ≤ 3 s,
// issue 5), and the round trip of one bridge call through the card process (card summary).
import { startCardProcess } from '../../main/card-process/client.ts';
import { forkCardWorker } from '../../main/card-process/fork.ts';
import { DEMO_READER } from '../../main/card-process/pcsc-port.ts';
import type { BenchRow, BenchSuite } from './table.ts';

const RUNS = 5;

const suite: BenchSuite = async () => {
  const card = startCardProcess({ spawn: forkCardWorker, config: { pcsc: { kind: 'virtual', profile: '1.8', seed: 'companion-bench' } } });
  try {
    await card.summary({ reader: DEMO_READER });
    const summaryTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await card.summary({ reader: DEMO_READER });
      summaryTimes.push(performance.now() - start);
    }
    const recoveries: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const up = new Promise<void>((resolve) => {
        const off = card.on((event) => {
          if (event.type === 'process' && event.status === 'up') {
            off();
            resolve();
          }
        });
      });
      const start = performance.now();
      process.kill(card.pid!, 'SIGKILL');
      await up;
      await card.summary({ reader: DEMO_READER });
      recoveries.push(performance.now() - start);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const worst = Math.max(...recoveries);
    const rows: BenchRow[] = [
      { name: 'companion: card summary through the card process (1.8, in-process card), median', measured: { value: median(summaryTimes), unit: 'ms' } },
      {
        name: `companion: SIGKILL of the card process → next summary read, worst of ${RUNS}`,
        measured: { value: worst, unit: 'ms' },
        goal: { text: '≤ 3000 ms', met: worst <= 3000 },
      },
    ];
    return rows;
  } finally {
    await card.stop();
  }
};

export default suite;
