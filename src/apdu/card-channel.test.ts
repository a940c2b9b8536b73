// The T=0 rules at the APDU level, with a scripted connection that answers exactly what a reader
// may deliver (the virtual card exercises the same paths end to end in src/card tests).
import { describe, expect, it } from 'vitest';
import type { CardConnection } from '../pcsc/port.ts';
import { isAppError } from '../contract/errors.ts';
import { CardChannel } from './card-channel.ts';
import { encodeCommand } from './command.ts';
import { statusWord } from './status-word.ts';

function scripted(replies: Array<[string, string]>): { connection: CardConnection; sent: string[] } {
  const sent: string[] = [];
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
  const connection: CardConnection = {
    reader: 'scripted',
    protocol: 'T0',
    atr: new Uint8Array([0x3b]),
    async transmit(command) {
      sent.push(hex(command));
      const next = replies.shift();
      if (!next) throw new Error('unexpected command ' + hex(command));
      expect(hex(command)).toBe(next[0]);
      return Uint8Array.from(Buffer.from(next[1], 'hex'));
    },
    async control() {
      return new Uint8Array();
    },
    async beginTransaction() {
      sent.push('BEGIN');
    },
    async endTransaction() {
      sent.push('END');
    },
    async disconnect() {},
  };
  return { connection, sent };
}

const readBinary = { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 };

describe('CardChannel', () => {
  it('re-sends with the corrected Le on 6Cxx', async () => {
    const { connection } = scripted([
      ['00B0000000', '6C03'],
      ['00B0000003', '0102039000'],
    ]);
    const r = await new CardChannel(connection).transmit(readBinary);
    expect([...r.data]).toEqual([1, 2, 3]);
    expect(r.sw).toBe(0x9000);
  });

  it('fetches 61xx data with GET RESPONSE, 61 00 meaning 256, and chains', async () => {
    const big = 'AA'.repeat(256);
    const { connection } = scripted([
      ['002A9E9A020102', '6100'],
      ['00C0000000', big + '6102'],
      ['00C0000002', 'BBCC9000'],
    ]);
    const r = await new CardChannel(connection).transmit({ cla: 0, ins: 0x2a, p1: 0x9e, p2: 0x9a, data: Uint8Array.of(1, 2) });
    expect(r.data.length).toBe(258);
    expect(r.sw).toBe(0x9000);
  });

  it('handles 6Cxx on GET RESPONSE', async () => {
    const { connection } = scripted([
      ['80E400001C', '6110'],
      ['00C0000010', '6C08'],
      ['00C0000008', '01020304050607089000'],
    ]);
    const r = await new CardChannel(connection).transmit({ cla: 0x80, ins: 0xe4, p1: 0, p2: 0, le: 28 });
    expect(r.data.length).toBe(8);
  });

  it('keeps data that arrives with 61xx (258-byte replies)', async () => {
    const { connection } = scripted([
      ['00B0000000', '0102' + '6101'],
      ['00C0000001', '039000'],
    ]);
    const r = await new CardChannel(connection).transmit(readBinary);
    expect([...r.data]).toEqual([1, 2, 3]);
  });

  it('rejects a response without status word as CARD_COMMUNICATION', async () => {
    const { connection } = scripted([['00B0000000', '90']]);
    await expect(new CardChannel(connection).transmit(readBinary)).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION'));
  });

  it('rejects a card that answers 6Cxx twice', async () => {
    const { connection } = scripted([
      ['00B0000000', '6C05'],
      ['00B0000005', '6C04'],
    ]);
    await expect(new CardChannel(connection).transmit(readBinary)).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION'));
  });

  it('nests transactions into one', async () => {
    const { connection, sent } = scripted([['00B0000000', '9000'], ['00B0000000', '9000']]);
    const channel = new CardChannel(connection);
    await channel.transaction(async () => {
      await channel.transmit(readBinary);
      await channel.transaction(() => channel.transmit(readBinary));
    });
    expect(sent).toEqual(['BEGIN', '00B0000000', '00B0000000', 'END']);
  });
});

describe('encodeCommand / statusWord', () => {
  it('encodes cases 1, 2 and 3', () => {
    expect([...encodeCommand({ cla: 0x80, ins: 0xe6, p1: 0, p2: 0 })]).toEqual([0x80, 0xe6, 0, 0]);
    expect([...encodeCommand({ cla: 0, ins: 0xb0, p1: 1, p2: 0, le: 256 })]).toEqual([0, 0xb0, 1, 0, 0]);
    expect([...encodeCommand({ cla: 0, ins: 0xa4, p1: 8, p2: 0x0c, data: Uint8Array.of(0xdf, 0x01) })]).toEqual([0, 0xa4, 8, 0x0c, 2, 0xdf, 1]);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(RangeError);
  });
  it('names every status word the library handles', () => {
    expect(statusWord(0x63c2)).toEqual({ kind: 'pin-wrong', triesLeft: 2 });
    expect(statusWord(0x6100)).toEqual({ kind: 'more-data', available: 256 });
    expect(statusWord(0x6c1c)).toEqual({ kind: 'wrong-le', exact: 28 });
    const named: Array<[number, string]> = [[0x9000, 'ok'], [0x6983, 'pin-blocked'], [0x6982, 'security-not-satisfied'],
      [0x6985, 'conditions-not-satisfied'], [0x6a82, 'file-not-found'], [0x6b00, 'end-of-file'], [0x6d00, 'ins-not-supported'],
      [0x6e00, 'cla-not-supported'], [0x6400, 'pinpad-timeout'], [0x6401, 'pinpad-cancelled'], [0x6403, 'pinpad-pin-length'],
      [0x6b80, 'pinpad-bad-structure'], [0x6a80, 'incorrect-data'], [0x6a88, 'reference-not-found'], [0x6700, 'wrong-length']];
    for (const [sw, kind] of named) expect(statusWord(sw).kind).toBe(kind);
    expect(statusWord(0x1234)).toEqual({ kind: 'unknown', sw: 0x1234 });
  });
});
