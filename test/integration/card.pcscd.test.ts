// The card library through the real stack: pcscd + vpcd + the virtual card, over the pcsclite binding.
// Both profiles: read everything, check the data signatures, sign with both keys (checked with the
// certificates read from the card), count wrong PINs down to blocked, and a card pulled out mid-read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate, createHash, verify } from 'node:crypto';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, VPCD_PORTS, VPCD_READERS } from '../support/pcscd.ts';
import { attachToVpcd } from '../../native/vpcd/index.ts';
import { createVirtualCard, type VirtualCard } from '../../src/virtual-card/index.ts';
import { createPcscLitePort } from '../../native/pcsclite/pcsclite-port.ts';
import type { PcscPort, ReaderSnapshot } from '../../src/pcsc/port.ts';
import { openEidCard, type PinEntry } from '../../src/card/eid-card.ts';
import { isAppError } from '../../src/contract/errors.ts';

const pin = (text: string): PinEntry => ({ kind: 'digits', pin: new TextEncoder().encode(text) });

/**
 * Puts `card` into vpcd slot 0 and runs `body` once our own port sees it; pulls it out afterwards and
 * waits until the reader is empty. (Our port only: no second PC/SC client in this worker.)
 */
async function withCardInVpcd<T>(port: PcscPort, card: VirtualCard, body: (reader: string) => Promise<T>): Promise<T> {
  await ensurePcscd();
  const reader = VPCD_READERS[0];
  const attachment = await attachToVpcd(card, { port: VPCD_PORTS[0] });
  try {
    await attachment.poweredUp;
    await untilReader(port, reader, (r) => r.present && r.atr !== null);
    return await body(reader);
  } finally {
    await attachment.detach();
    await untilReader(port, reader, (r) => !r.present).catch(() => undefined);
  }
}

/** Waits (event-driven) until `reader` satisfies `test`, or fails after 10 s. */
async function untilReader(port: PcscPort, reader: string, test: (r: ReaderSnapshot) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  let known: ReaderSnapshot[] = await port.readers();
  while (!known.some((r) => r.name === reader && test(r))) {
    if (Date.now() > deadline) throw new Error(`${reader}: state not reached`);
    known = await port.waitForChange(known, { timeoutMs: 1000 });
  }
}

describe.skipIf(!pcscdInstalled())('card library through pcscd + vpcd', () => {
  let port: PcscPort;
  beforeAll(() => {
    port = createPcscLitePort();
  });
  afterAll(async () => {
    await port.close();
  });

  for (const profile of ['1.7', '1.8'] as const) {
    it(`${profile}: reads everything, verifies the data signatures, signs with both keys`, async () => {
      const card = await createVirtualCard({ profile, pin: '1234', seed: `pcscd-${profile}` });
      await withCardInVpcd(port, card, async (reader) => {
        const eid = await openEidCard(await port.connect(reader), { platform: port.platform });
        try {
          expect(eid.info().applet).toBe(profile);
          const identity = await eid.readIdentity();
          expect(identity.surname).toBe(card.holder.surname);
          expect((await eid.readAddress()).municipality).toBeTruthy();
          expect([...(await eid.readPhoto()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
          const report = await eid.verifyDataSignatures();
          expect([report.identity.valid, report.address.valid, report.photo.valid]).toEqual([true, true, true]);
          if (profile === '1.8') expect(report.basicKey?.valid).toBe(true);
          for (const name of ['ca', 'root', 'rrn'] as const) expect(await eid.readCertificate(name)).not.toBeNull();
          const message = Buffer.from('login challenge');
          for (const key of ['authentication', 'signature'] as const) {
            const der = await eid.readCertificate(key);
            const publicKey = new X509Certificate(Buffer.from(der!)).publicKey;
            if (profile === '1.8') {
              const signature = await eid.sign(key, new Uint8Array(createHash('sha384').update(message).digest()), 'SHA-384', pin('1234'));
              expect(signature.length).toBe(96);
              expect(verify('sha384', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
            } else {
              const signature = await eid.sign(key, new Uint8Array(createHash('sha256').update(message).digest()), 'SHA-256', pin('1234'));
              expect(signature.length).toBe(256);
              expect(verify('sha256', message, publicKey, signature)).toBe(true);
            }
          }
          await eid.logOff();
        } finally {
          await eid.close();
        }
      });
    });

    it(`${profile}: wrong PINs count down to blocked`, async () => {
      const card = await createVirtualCard({ profile, pin: '1234', seed: `pcscd-pin-${profile}` });
      await withCardInVpcd(port, card, async (reader) => {
        const eid = await openEidCard(await port.connect(reader), { platform: port.platform });
        try {
          expect((await eid.pinStatus()).triesLeft).toBe(3);
          for (const left of [2, 1]) {
            await expect(eid.verifyPin(pin('0000'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_WRONG') && e.details?.triesLeft === left);
            expect((await eid.pinStatus()).triesLeft).toBe(left);
          }
          await expect(eid.verifyPin(pin('0000'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_BLOCKED'));
          expect(await eid.pinStatus()).toMatchObject({ triesLeft: 0, blocked: true });
          await expect(eid.verifyPin(pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_BLOCKED'));
        } finally {
          await eid.close().catch(() => undefined);
        }
      });
    });
  }

  // vpcd leaves pcscd's SCardTransmit waiting when the card goes between two commands; the port
  // answers RemovedCard when the reader shows the card gone, or Timeout after 30 s at worst.
  it('a card pulled out mid-read fails with a card error, not a hang', async () => {
    const card = await createVirtualCard({ profile: '1.8', seed: 'pcscd-removal' });
    await withCardInVpcd(port, card, async (reader) => {
      const eid = await openEidCard(await port.connect(reader), { platform: port.platform });
      card.faults.removeAfterApdus = 2; // SELECT and the first READ BINARY of the photo, then gone
      await expect(eid.readPhoto()).rejects.toSatisfy(
        (e) => isAppError(e) && ['CARD_REMOVED', 'CARD_UNRESPONSIVE', 'CARD_COMMUNICATION'].includes(e.code),
      );
      await eid.close().catch(() => undefined);
    });
  });
});

if (!pcscdInstalled()) {
  describe('card library through pcscd (absent)', () => {
    it.skip(PCSCD_MISSING, () => {});
  });
}
