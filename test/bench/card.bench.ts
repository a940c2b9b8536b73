// Card operations: APDUs, bytes and time for (a) recognise + read identity, address, photo, their
// signatures and the RRN certificate, (b) read the authentication certificate, (c) PIN status + verify +
// sign. Both profiles, in-process and through pcscd + vpcd. Compared with the floor (one SELECT and
// ceil(length/256) READ BINARY per file, one command per PIN or signing step) and with eid-mw's
// PKCS#11 module as BELPIC-NOTES §11.2 traces it (252-byte reads, FID-by-FID SELECT fallback).
// The pcscd rows take the machine's pcscd lock themselves: run `npm run bench`, not under flock.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { CardConnection, PcscPort, ReaderSnapshot } from '../../src/pcsc/port.ts';
import { openEidCard } from '../../src/card/eid-card.ts';
import { certificateLength } from '../../src/card/certificate-file.ts';
import { createVirtualCard, InProcessPcscPort, type VirtualCard } from '../../src/virtual-card/index.ts';
import { pcscdInstalled } from '../support/pcscd.ts';
import type { BenchRow, BenchSuite } from './table.ts';

interface Counter {
  apdus: number;
  bytes: number;
}

/** Wraps a connection to count every APDU and its bytes (command + response). */
function counting(connection: CardConnection, counter: Counter): CardConnection {
  return {
    reader: connection.reader,
    protocol: connection.protocol,
    atr: connection.atr,
    transmit: async (command) => {
      const response = await connection.transmit(command);
      counter.apdus++;
      counter.bytes += command.length + response.length;
      return response;
    },
    control: (code, data) => connection.control(code, data),
    beginTransaction: () => connection.beginTransaction(),
    endTransaction: (d) => connection.endTransaction(d),
    disconnect: (d) => connection.disconnect(d),
  };
}

const A_FILES = ['3F00DF014031', '3F00DF014032', '3F00DF014033', '3F00DF014034', '3F00DF014035', '3F00DF00503C'];
const AUTH = '3F00DF005038';

/** Bytes a reader must fetch: a certificate to its DER length, other files whole. */
function usefulLength(path: string, content: Uint8Array): number {
  if (!path.startsWith('3F00DF005')) return content.length;
  const length = certificateLength(content.subarray(0, 8));
  return length.ok && length.value !== null ? length.value : content.length;
}

function floorFor(card: VirtualCard, paths: readonly string[]): number {
  return paths.reduce((sum, path) => sum + 1 + Math.ceil(usefulLength(path, card.files.get(path)!) / 256), 0);
}

/** eid-mw: 252-byte READ BINARY until a short read (6Cxx costs a re-read) or 6B00; whole padded files. */
function eidMwReads(length: number): number {
  return length % 252 === 0 ? length / 252 + 1 : Math.floor(length / 252) + 2;
}

/** eid-mw SELECT: the last FID alone; 6A82 when in another DF ⇒ 3F00, DFxx, EF again (4 APDUs). */
function eidMwFor(card: VirtualCard, paths: readonly string[], startDf: string | null): number {
  let df = startDf;
  let total = 0;
  for (const path of paths) {
    const fileDf = path.slice(4, 8);
    total += df === fileDf ? 1 : 4;
    df = fileDf;
    total += eidMwReads(card.files.get(path)!.length);
  }
  return total;
}

interface Measured {
  counter: Counter;
  ms: number;
}

async function measure(connection: CardConnection, run: (c: CardConnection) => Promise<unknown>): Promise<Measured> {
  const counter: Counter = { apdus: 0, bytes: 0 };
  const started = performance.now();
  await run(counting(connection, counter));
  return { counter, ms: performance.now() - started };
}

async function operations(card: VirtualCard, connect: () => Promise<CardConnection>, label: string, platform: PcscPort['platform']): Promise<BenchRow[]> {
  const pin = () => ({ kind: 'digits' as const, pin: new TextEncoder().encode('1234') });
  const digestHash = card.profile === '1.8' ? 'SHA-384' : 'SHA-256';
  const digest = new Uint8Array(createHash(digestHash === 'SHA-384' ? 'sha384' : 'sha256').update('bench').digest());
  const connection = await connect();
  const a = await measure(connection, async (c) => {
    const eid = await openEidCard(c, { platform });
    await eid.readIdentity();
    await eid.readAddress();
    await eid.readPhoto();
    await eid.readCertificate('rrn');
    await eid.verifyDataSignatures(); // reads the two signature files (the rest is cached)
  });
  // (b) and (c) on an opened card, so recognition is not counted twice.
  const counterB: Counter = { apdus: 0, bytes: 0 };
  const eidB = await openEidCard(counting(connection, counterB), { platform });
  counterB.apdus = 0;
  counterB.bytes = 0;
  let started = performance.now();
  await eidB.readCertificate('authentication');
  const bMs = performance.now() - started;
  const counterC: Counter = { apdus: 0, bytes: 0 };
  const eidC = await openEidCard(counting(connection, counterC), { platform });
  counterC.apdus = 0;
  counterC.bytes = 0;
  started = performance.now();
  await eidC.pinStatus();
  await eidC.sign('authentication', digest, digestHash, pin());
  const cMs = performance.now() - started;
  const apdusC = counterC.apdus;
  await eidC.logOff();
  await connection.disconnect('leave');

  // 1.8 also reads the basic public key file (4040) to check identity tag 1A.
  const aFiles = card.profile === '1.8' ? [...A_FILES, '3F00DF014040'] : A_FILES;
  const floorA = 1 + floorFor(card, aFiles);
  const mwInit = 2 + (card.profile === '1.8' ? 1 : 0); // SELECT AID, GET CARD DATA (+ P2=01 on 1.8)
  const mwA = mwInit + eidMwFor(card, aFiles, null);
  const floorB = floorFor(card, [AUTH]);
  const mwB = eidMwFor(card, [AUTH], null);
  const floorC = 5; // status, MSE, VERIFY, PSO, GET RESPONSE
  // eid-mw: SELECT DF00 + MSE + VERIFY + PSO + GET RESPONSE, and on 1.8 GET CARD DATA P2=01 for the tries.
  const mwC = card.profile === '1.8' ? 6 : 5;
  // Files whose length only the card knows (no DER header): the T=0 tail (6Cxx) or the EOF probe (6B00)
  // costs one READ BINARY more than the floor for each.
  const unknownLength = aFiles.filter((f) => !f.startsWith('3F00DF005')).length;
  const p = `${card.profile} ${label}`;
  return [
    row(`${p}: (a) recognise + id/address/photo/sigs/RRN`, a.counter.apdus, floorA, mwA, unknownLength),
    { name: `${p}: (a) bytes / time`, measured: { value: a.counter.bytes, unit: `bytes, ${a.ms.toFixed(0)} ms` } },
    row(`${p}: (b) read authentication certificate`, counterB.apdus, floorB, mwB, 0),
    { name: `${p}: (b) bytes / time`, measured: { value: counterB.bytes, unit: `bytes, ${bMs.toFixed(0)} ms` } },
    row(`${p}: (c) PIN status + verify + sign`, apdusC, floorC, mwC, 0),
    { name: `${p}: (c) bytes / time`, measured: { value: counterC.bytes, unit: `bytes, ${cMs.toFixed(0)} ms` } },
  ];
}

/** Goal: at most one APDU over the floor per operation, plus one per file of unknown length; never more than eid-mw. */
function row(name: string, apdus: number, floor: number, eidMw: number, unknownLength: number): BenchRow {
  const allowed = floor + Math.max(1, unknownLength);
  return {
    name,
    measured: { value: apdus, unit: 'APDUs' },
    baseline: { label: `floor ${floor} (eid-mw ${eidMw})`, value: floor },
    goal: { text: `≤ ${allowed} (floor+${Math.max(1, unknownLength)}) and ≤ eid-mw ${eidMw}`, met: apdus <= allowed && apdus <= eidMw },
  };
}

/** Other suites on this machine hold pcscd for a few minutes at most. */
const LOCK_WAIT_SECONDS = 300;

/** Holds /tmp/pcscd.lock through a `flock` child until released (or gives up after `waitSeconds`). */
export async function pcscdLock(waitSeconds: number): Promise<(() => void) | null> {
  const child: ChildProcess = spawn('flock', ['-w', String(waitSeconds), '/tmp/pcscd.lock', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const locked = await new Promise<boolean>((resolve) => {
    child.stdout?.once('data', () => resolve(true));
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
  if (!locked) return null;
  return () => child.stdin?.end();
}

async function untilCardPresent(port: PcscPort, reader: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let known: ReaderSnapshot[] = await port.readers();
  while (!known.some((r) => r.name === reader && r.present && r.atr)) {
    if (Date.now() > deadline) throw new Error(`${reader} shows no card`);
    known = await port.waitForChange(known, { timeoutMs: 1000 });
  }
}

const suite: BenchSuite = async () => {
  const rows: BenchRow[] = [];
  const cards = {
    '1.7': await createVirtualCard({ profile: '1.7', seed: 'bench-1.7' }),
    '1.8': await createVirtualCard({ profile: '1.8', seed: 'bench-1.8' }),
  };
  for (const card of Object.values(cards)) {
    const port = new InProcessPcscPort({ readers: [{ name: 'bench', card }] });
    rows.push(...(await operations(card, () => port.connect('bench'), 'in-process', port.platform)));
  }
  if (!pcscdInstalled()) {
    rows.push({ name: 'pcscd rows skipped: pcscd not installed', measured: { value: 0, unit: '' } });
    return rows;
  }
  const release = await pcscdLock(LOCK_WAIT_SECONDS);
  if (!release) {
    rows.push({ name: `pcscd rows skipped: /tmp/pcscd.lock busy for ${LOCK_WAIT_SECONDS} s`, measured: { value: 0, unit: '' } });
    return rows;
  }
  try {
    const { ensurePcscd, VPCD_PORTS, VPCD_READERS } = await import('../support/pcscd.ts');
    const { attachToVpcd } = await import('../../native/vpcd/index.ts');
    const { createPcscLitePort } = await import('../../native/pcsclite/pcsclite-port.ts');
    await ensurePcscd();
    const port = createPcscLitePort();
    try {
      for (const card of Object.values(cards)) {
        card.reset();
        const attachment = await attachToVpcd(card, { port: VPCD_PORTS[0] });
        try {
          await attachment.poweredUp;
          await untilCardPresent(port, VPCD_READERS[0]);
          rows.push(...(await operations(card, () => port.connect(VPCD_READERS[0]), 'pcscd', port.platform)));
        } finally {
          await attachment.detach();
        }
      }
    } finally {
      await port.close();
    }
  } finally {
    release();
  }
  return rows;
};

export default suite;
