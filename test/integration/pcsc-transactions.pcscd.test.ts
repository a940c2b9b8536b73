// PC/SC transactions through real pcscd: while one of our connections holds a transaction, neither
// another program (opensc-tool, its own process) nor a second connection of ours gets a command to
// the card; they go through the moment the transaction ends. The card's own log of APDUs shows the
// order. A transaction that is never granted (another program keeps the card) is handed back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPcscLitePort } from '../../native/pcsclite/pcsclite-port.ts';
import type { CardConnection, PcscPort, ReaderSnapshot } from '../../src/pcsc/port.ts';
import type { VirtualCard } from '../../src/virtual-card/index.ts';
import { pcscdInstalled, PCSCD_MISSING } from '../support/pcscd.ts';
import { withVirtualCardOnPcscd } from '../support/virtual-card.ts';

const ready = pcscdInstalled() && existsSync('/usr/bin/opensc-tool');
if (!ready) console.warn(pcscdInstalled() ? 'opensc-tool is not installed (apt-get install opensc): PC/SC transaction tests skipped' : PCSCD_MISSING);

const GET_CARD_DATA = '80e400001c';
/** Sent only by the other party, so the log tells whose command reached the card when. */
const GET_CHALLENGE = '0084000008';
const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

/** Records every APDU the card answers, in order. */
function logApdus(card: VirtualCard): string[] {
  const log: string[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    log.push(Buffer.from(apdu).toString('hex'));
    return transmit(apdu);
  };
  return log;
}

async function untilPresent(port: PcscPort, reader: string): Promise<void> {
  let known: ReaderSnapshot[] = await port.readers();
  const deadline = Date.now() + 10_000;
  while (!known.some((r) => r.name === reader && r.atr !== null)) {
    if (Date.now() > deadline) throw new Error(`${reader}: no card seen`);
    known = await port.waitForChange(known, { timeoutMs: 1000 });
  }
}

/** Our commands inside one transaction, then the end; returns when the transaction is over. */
async function busyTransaction(connection: CardConnection, log: string[], whileHeld: () => Promise<void>): Promise<number> {
  await connection.beginTransaction();
  await whileHeld();
  for (let i = 0; i < 8; i++) await connection.transmit(hex(GET_CARD_DATA));
  const endedAt = log.length;
  await connection.endTransaction('leave');
  return endedAt;
}

describe.skipIf(!ready)('PC/SC transactions through pcscd', () => {
  let port: PcscPort;
  beforeAll(() => {
    port = createPcscLitePort();
  });
  afterAll(async () => {
    await port.close();
  });

  it('another program waits for our transaction to end (opensc-tool in its own process)', async () => {
    await withVirtualCardOnPcscd({ profile: '1.8', seed: 'transactions-1' }, async ({ card, reader }) => {
      const log = logApdus(card);
      await untilPresent(port, reader);
      const ours = await port.connect(reader);
      try {
        let other: Promise<string> | undefined;
        const endedAt = await busyTransaction(ours, log, async () => {
          other = new Promise<string>((resolve, reject) =>
            execFile('opensc-tool', ['--reader', reader, '-c', 'default', '-s', GET_CHALLENGE.match(/../g)!.join(':')], { timeout: 30_000 }, (error, stdout) =>
              error ? reject(error) : resolve(stdout),
            ),
          );
          // opensc-tool has connected and asked for its own transaction (it waits for ours).
          await new Promise((resolve) => setTimeout(resolve, 1500));
        });
        await other;
        const theirs = log.indexOf(GET_CHALLENGE);
        expect(theirs, `their command reached the card at ${theirs}; our transaction ended at ${endedAt}`).toBeGreaterThanOrEqual(endedAt);
        expect(log.slice(0, endedAt).filter((apdu) => apdu === GET_CARD_DATA)).toHaveLength(8);
      } finally {
        await ours.disconnect('leave');
      }
    });
  }, 60_000);

  it('a second connection of ours waits too, and gets its turn', async () => {
    await withVirtualCardOnPcscd({ profile: '1.7', seed: 'transactions-2' }, async ({ card, reader }) => {
      const log = logApdus(card);
      await untilPresent(port, reader);
      const first = await port.connect(reader);
      const second = await port.connect(reader);
      try {
        let waiting: Promise<Uint8Array> | undefined;
        const endedAt = await busyTransaction(first, log, async () => {
          waiting = second.beginTransaction().then(() => second.transmit(hex(GET_CHALLENGE)));
        });
        const response = await waiting!;
        expect(response.length).toBeGreaterThanOrEqual(2);
        expect(log.indexOf(GET_CHALLENGE)).toBeGreaterThanOrEqual(endedAt);
        await second.endTransaction('leave');
      } finally {
        await first.disconnect('leave');
        await second.disconnect('leave');
      }
    });
  }, 60_000);

  it('a disconnect ends an open transaction: the next connection is not kept waiting', async () => {
    await withVirtualCardOnPcscd({ profile: '1.8', seed: 'transactions-3' }, async ({ reader }) => {
      await untilPresent(port, reader);
      const first = await port.connect(reader);
      await first.beginTransaction();
      await first.disconnect('leave');
      const second = await port.connect(reader);
      try {
        await second.beginTransaction();
        expect((await second.transmit(hex(GET_CARD_DATA))).length).toBeGreaterThan(2);
        await second.endTransaction('leave');
        await expect(second.endTransaction('leave')).rejects.toMatchObject({ kind: 'NotTransacted' });
      } finally {
        await second.disconnect('leave');
      }
    });
  }, 60_000);
});
