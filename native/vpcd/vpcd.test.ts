// The vpcd framing against a stand-in for vpcd (a local TCP server speaking its side of the protocol):
// power on + ATR mark the card powered up, APDUs are answered in order, the last APDU before a removal
// fault is still answered, a mute card answers with an empty frame, detach closes the connection.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPki, createVirtualCard } from '../../src/virtual-card/index.ts';
import { attachToVpcd } from './index.ts';

const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();

/** The pcscd side: sends frames, reads framed answers, notices when the card leaves. */
async function fakeVpcd(): Promise<{
  port: number;
  send: (payload: string) => void;
  answer: () => Promise<string>;
  ended: Promise<void>;
  close: () => void;
}> {
  let socket: net.Socket | undefined;
  let buffered = Buffer.alloc(0);
  const waiting: ((frame: string) => void)[] = [];
  const frames: string[] = [];
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  let connected: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const server = net.createServer((client) => {
    socket = client;
    client.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const frame = hexOf(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
        const waiter = waiting.shift();
        if (waiter) waiter(frame);
        else frames.push(frame);
      }
    });
    client.on('end', () => markEnded());
    client.on('close', () => markEnded());
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    send: (payload) => {
      void ready.then(() => {
        const body = Buffer.from(payload.replace(/\s+/g, ''), 'hex');
        const header = Buffer.alloc(2);
        header.writeUInt16BE(body.length);
        socket?.write(Buffer.concat([header, body]));
      });
    },
    answer: () => {
      const frame = frames.shift();
      return frame !== undefined ? Promise.resolve(frame) : new Promise((resolve) => waiting.push(resolve));
    },
    ended,
    close: () => {
      socket?.destroy();
      server.close();
    },
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('attachToVpcd', () => {
  it('answers ATR requests and APDUs, and reports the power-up', async () => {
    const pki = await createTestPki({ seed: 'vpcd-unit' });
    const card = await createVirtualCard({ pki, seed: 'vpcd-unit', profile: '1.7' });
    const vpcd = await fakeVpcd();
    cleanups.push(vpcd.close);
    const attachment = await attachToVpcd(card, { port: vpcd.port });
    vpcd.send('04');
    expect(await vpcd.answer()).toBe(hexOf(card.atr));
    vpcd.send('01');
    vpcd.send('04');
    expect(await vpcd.answer()).toBe('3B9813400AA503010101AD1311');
    await attachment.poweredUp;
    vpcd.send('80 E4 00 00 1C');
    expect((await vpcd.answer()).slice(-6)).toBe('0F9000');
    vpcd.send('00 20 00 01');
    expect(await vpcd.answer()).toBe('63C3');
    vpcd.send('02'); // reset: no answer, PIN state gone
    vpcd.send('00 B0 00 00 01');
    expect(await vpcd.answer()).toBe('6986');
    await attachment.detach();
    await vpcd.ended;
  });

  it('answers the last APDU before a removal fault, then leaves', async () => {
    const card = await createVirtualCard({ seed: 'vpcd-unit', faults: { removeAfterApdus: 1 } });
    const vpcd = await fakeVpcd();
    cleanups.push(vpcd.close);
    const attachment = await attachToVpcd(card, { port: vpcd.port });
    vpcd.send('80 E4 00 00 1C');
    expect((await vpcd.answer()).slice(-4)).toBe('9000');
    await vpcd.ended;
    await attachment.closed;
  });

  it('answers an empty frame for a mute card (vpcd then gives up on it)', async () => {
    const card = await createVirtualCard({ seed: 'vpcd-unit' });
    const vpcd = await fakeVpcd();
    cleanups.push(vpcd.close);
    const attachment = await attachToVpcd(card, { port: vpcd.port });
    card.faults.mute = true;
    vpcd.send('80 E4 00 00 1C');
    expect(await vpcd.answer()).toBe('');
    await attachment.detach();
  });

  it('rejects when nothing listens', async () => {
    const vpcd = await fakeVpcd();
    vpcd.close();
    const card = await createVirtualCard({ seed: 'vpcd-unit' });
    await expect(attachToVpcd(card, { port: vpcd.port })).rejects.toThrow();
  });
});
