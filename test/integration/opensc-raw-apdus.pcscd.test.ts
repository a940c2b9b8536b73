// The layer under OpenSC: the virtual card attached to vpcd and driven through real pcscd with the
// pcsclite binding, raw APDU by APDU, as a PC/SC client drives a real card (the same commands and
// status words as the in-process tests), plus the removal fault as pcscd reports it.
import { createHash, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualCard, type VirtualCard } from '../../src/virtual-card/index.ts';
import { attachToVpcd, type VpcdAttachment } from '../../native/vpcd/index.ts';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, VPCD_PORTS, VPCD_READERS } from '../support/pcscd.ts';

if (!pcscdInstalled()) console.warn(PCSCD_MISSING);

interface Reader {
  name: string;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_LEAVE_CARD: number;
  SCARD_STATE_PRESENT: number;
  connect(options: { share_mode: number; protocol: number }, done: (error: Error | null, protocol: number) => void): void;
  disconnect(disposition: number, done: (error: Error | null) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, done: (error: Error | null, response: Buffer) => void): void;
  on(event: 'status', listener: (status: { state: number }) => void): void;
}
interface Context {
  on(event: 'reader', listener: (reader: Reader) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

const bytes = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();

describe.skipIf(!pcscdInstalled())('virtual card through pcscd and vpcd', () => {
  let pcsc: Context;
  let reader: Reader;
  let card: VirtualCard;
  let attachment: VpcdAttachment;
  let protocol = 0;

  const transmit = (apdu: string): Promise<{ data: Buffer; sw: string }> =>
    new Promise((resolve, reject) =>
      reader.transmit(bytes(apdu), 600, protocol, (error, response) =>
        error ? reject(error) : resolve({ data: response.subarray(0, -2), sw: hexOf(response.subarray(-2)) }),
      ),
    );
  const connect = (): Promise<void> =>
    new Promise((resolve, reject) =>
      reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 }, (error, p) => {
        if (error) return reject(error);
        protocol = p;
        resolve();
      }),
    );
  const disconnect = (): Promise<void> => new Promise((resolve) => reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve()));
  let state = 0;
  const stateWaiters = new Set<() => void>();
  /** Resolves when pcscd reports the card present (true) or gone (false). */
  const presence = (present: boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (((state & reader.SCARD_STATE_PRESENT) !== 0) !== present) return;
        stateWaiters.delete(check);
        resolve();
      };
      stateWaiters.add(check);
      check();
    });

  beforeAll(async () => {
    await ensurePcscd();
    card = await createVirtualCard({ profile: '1.8', seed: 'vpcd-tests' });
    const pcscReady = new Promise<Reader>((resolve) => {
      pcsc = (createRequire(import.meta.url)('pcsclite') as () => Context)();
      pcsc.on('error', () => undefined);
      pcsc.on('reader', (r) => {
        if (r.name !== VPCD_READERS[1]) return;
        r.on('status', (status) => {
          state = status.state;
          for (const check of [...stateWaiters]) check();
        });
        resolve(r);
      });
    });
    reader = await pcscReady;
    attachment = await attachToVpcd(card, { port: VPCD_PORTS[1] });
    await attachment.poweredUp;
    await presence(true);
    await connect();
  });

  afterAll(async () => {
    // After a removal the binding may never answer a disconnect: do not wait on it for long.
    await Promise.race([disconnect().catch(() => undefined), new Promise((done) => setTimeout(done, 2000))]);
    await attachment?.detach();
    pcsc?.close();
  });

  it('answers the recognition, read and PIN commands', async () => {
    expect((await transmit('00 A4 04 00 0F A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF')).sw).toBe('9000');
    const cardData = await transmit('80 E4 00 00 1C');
    expect(cardData.data[21]).toBe(0x18);
    expect((await transmit('80 E4 00 01 1F')).data[28]).toBe(3);
    expect((await transmit('00 A4 02 0C 02 40 31')).sw).toBe('6A82');
    expect((await transmit('00 A4 08 0C 06 3F 00 DF 01 40 31')).sw).toBe('9000');
    const identity = card.files.get('3F00DF014031') ?? new Uint8Array();
    expect((await transmit('00 B0 00 00 FC')).sw).toBe(`6C${identity.length.toString(16).toUpperCase()}`);
    expect(hexOf((await transmit(`00 B0 00 00 ${identity.length.toString(16)}`)).data)).toBe(hexOf(identity));
    expect((await transmit(`00 B0 00 ${identity.length.toString(16)} 01`)).sw).toBe('6B00');
    expect((await transmit('00 20 00 01')).sw).toBe('63C3');
    expect((await transmit('00 20 00 01 08 24 99 99 FF FF FF FF FF')).sw).toBe('63C2');
    expect((await transmit('00 20 00 01 08 24 12 34 FF FF FF FF FF')).sw).toBe('9000');
    expect((await transmit('00 84 00 00 08')).sw).toBe('6D00');
    expect((await transmit('B0 A4 00 00 02 3F 00')).sw).toBe('6E00');
  });

  it('signs after MSE and VERIFY, the signature coming through GET RESPONSE', async () => {
    const digest = createHash('sha384').update('through pcscd').digest();
    expect((await transmit('00 22 41 B6 05 04 80 02 84 82')).sw).toBe('9000');
    expect((await transmit('00 20 00 01 08 24 12 34 FF FF FF FF FF')).sw).toBe('9000');
    expect((await transmit(`00 2A 9E 9A 30 ${hexOf(digest)}`)).sw).toBe('6160');
    const signature = await transmit('00 C0 00 00 60');
    expect(signature.sw).toBe('9000');
    const key = { key: card.publicKeys.authentication, dsaEncoding: 'ieee-p1363' as const };
    expect(verify('sha384', Buffer.from('through pcscd'), key, signature.data)).toBe(true);
    expect((await transmit(`00 88 02 81 32 94 30 ${hexOf(digest)}`)).sw).toBe('6160');
    expect((await transmit('00 C0 00 00 60')).data.length).toBe(96);
    expect((await transmit(`00 2A 9E 9A 30 ${hexOf(digest)}`)).sw).toBe('6985'); // IA cleared the SE
    expect((await transmit('00 22 41 B6 05 04 80 02 84 82')).sw).toBe('9000');
    expect((await transmit('80 E6 00 00')).sw).toBe('9000');
    expect((await transmit(`00 2A 9E 9A 30 ${hexOf(digest)}`)).sw).toBe('6982'); // LOG OFF dropped the PIN
  });

  /** A transmission that fails: the binding either rejects or hands back no status word. */
  const failedTransmit = (apdu: string): Promise<string> => transmit(apdu).then((r) => r.sw, () => 'error');

  it('leaves the reader when the removal fault fires', async () => {
    const gone = presence(false);
    card.faults.removeAfterApdus = 1;
    expect((await transmit('80 E4 00 00 1C')).sw).toBe('9000');
    await attachment.closed;
    await gone;
    expect(await failedTransmit('80 E4 00 00 1C')).not.toBe('9000');
  });
});
