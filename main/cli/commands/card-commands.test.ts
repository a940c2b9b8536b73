// The card commands against the in-process virtual card (the pcscd variant is in
// test/integration/card-cli.pcscd.test.ts), and `parse` against the reference files.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualCard, InProcessPcscPort } from '../../../src/virtual-card/index.ts';
import type { CliIo } from '../io.ts';
import { runCard } from './card.ts';
import { runReaders } from './readers.ts';
import { run as runParse } from './parse.ts';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => '', env: {} },
    out: () => out.join('\n'),
    err: () => err.join('\n'),
  };
}

describe('eid-companion readers / card (in-process virtual card)', async () => {
  const card17 = await createVirtualCard({ profile: '1.7', seed: 'cli-17' });
  const card18 = await createVirtualCard({ profile: '1.8', seed: 'cli-18' });
  const port = () => new InProcessPcscPort({ readers: [{ name: 'A', card: card17 }, { name: 'B', card: card18 }, { name: 'C' }] });

  it('readers --json lists both applets and the empty reader', async () => {
    const c = capture();
    expect(await runReaders(['--json'], c.io, async () => port())).toBe(0);
    expect(JSON.parse(c.out())).toEqual({
      service: 'ok',
      readers: [
        { name: 'A', card: { atr: '3B9813400AA503010101AD1311', type: 'belgian-eid', applet: '1.7' } },
        { name: 'B', card: { atr: '3B7F96000080318065B085040120120FFF829000', type: 'belgian-eid', applet: '1.8' } },
        { name: 'C', card: null },
      ],
    });
  });

  it('readers: no service and no reader are errors with a code', async () => {
    const none = capture();
    expect(await runReaders(['--json'], none.io, async () => new InProcessPcscPort({ serviceRunning: false }))).toBe(1);
    expect(JSON.parse(none.out())).toEqual({ service: 'unavailable', readers: [] });
    expect(none.err()).toContain('PCSC_UNAVAILABLE');
    const empty = capture();
    expect(await runReaders([], empty.io, async () => new InProcessPcscPort({ readers: [] }))).toBe(1);
    expect(empty.err()).toContain('READER_NONE');
    expect(await runReaders(['--bogus'], capture().io, async () => port())).toBe(2);
  });

  it('card --json redacts personal data by default', async () => {
    const c = capture();
    expect(await runCard(['--json', '--reader', 'B'], c.io, async () => port())).toBe(0);
    const report = JSON.parse(c.out());
    expect(report).toMatchObject({
      applet: '1.8',
      chipNumber: Buffer.from(card18.chipNumber).toString('hex').toUpperCase(),
      identity: { nationalNumber: '[redacted]', dateOfBirth: '[redacted]', surname: card18.holder.surname },
      address: '[redacted]',
      dataSignatures: { identity: { valid: true }, address: { valid: true }, photo: { valid: true }, basicKey: { valid: true } },
      pin: { triesLeft: 3, blocked: false },
    });
    expect(report.photo.jpegBase64).toBeUndefined();
    expect(report.certificates.authentication.keyType).toBe('EC-P-384');
    expect(c.out()).not.toContain(card18.holder.nationalNumber);
  });

  it('card --show-personal-data shows them; the first reader with a card is the default', async () => {
    const c = capture();
    expect(await runCard(['--json', '--show-personal-data'], c.io, async () => port())).toBe(0);
    const report = JSON.parse(c.out());
    expect(report.applet).toBe('1.7');
    expect(report.identity.nationalNumber).toBe(card17.holder.nationalNumber);
    expect(report.address.municipality).toBeTruthy();
    expect(report.photo.jpegBase64).toMatch(/^\/9j\//);
    expect(report.certificates.authentication.keyType).toBe('RSA-2048');
    const text = capture();
    expect(await runCard(['--reader', 'A'], text.io, async () => port())).toBe(0);
    expect(text.out()).toContain('applet: 1.7');
  });

  it('card: no card, unknown reader, service down → codes and exit 1', async () => {
    for (const [args, factory, code] of [
      [['--reader', 'C'], port, 'CARD_NONE'],
      [['--reader', 'Z'], port, 'READER_NONE'],
      [[], () => new InProcessPcscPort({ serviceRunning: false }), 'PCSC_UNAVAILABLE'],
    ] as const) {
      const c = capture();
      expect(await runCard([...args], c.io, async () => factory())).toBe(1);
      expect(c.err()).toContain(code);
    }
  });
});

describe('eid-companion parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parse-'));
  it('decodes identity and address files, refuses garbage with CARD_DATA_INVALID', async () => {
    const enc = new TextEncoder();
    const rec = (tag: number, text: string) => [tag, enc.encode(text).length, ...enc.encode(text)];
    const identity = join(dir, 'id.tlv');
    writeFileSync(identity, Uint8Array.from([...rec(1, '123456789012'), ...rec(6, '85073003328'), ...rec(7, 'Peeters'), ...rec(0x0c, '13.AUG. 1996'), ...rec(0x0d, 'W')]));
    const c = capture();
    expect(await runParse(['identity', identity, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toEqual({ cardNumber: '123456789012', nationalNumber: '85073003328', surname: 'Peeters', dateOfBirth: '1996-08-13', gender: 'female', memberOfFamily: false });
    const garbage = join(dir, 'bad.tlv');
    writeFileSync(garbage, Uint8Array.of(1, 50, 1));
    const bad = capture();
    expect(await runParse(['identity', garbage, '--json'], bad.io)).toBe(1);
    expect(JSON.parse(bad.out()).error.code).toBe('CARD_DATA_INVALID');
    expect(await runParse(['address', join(dir, 'missing')], capture().io)).toBe(2);
    expect(await runParse(['photo', identity], capture().io)).toBe(2);
  });
});
